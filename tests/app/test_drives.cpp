// The drives the Sync screen offers (platform/drives.hpp), read from mounts-file text.
#include <doctest/doctest.h>

#include "platform/drives.hpp"

using namespace mutua;

TEST_CASE("the drives offered are sticks and shared folders, not file systems in memory") {
  // A Debian tablet with a stick in (udisks2 mounts it under /media/USER), a share mounted by
  // hand under /mnt, and what the system mounts under /mnt and /media on its own: a tmpfs
  // (this build machine has one under /mnt, offered as "USB drive python" before), an overlay
  // and a squashfs.
  const std::string mounts =
      "/dev/sda2 / ext4 rw,relatime 0 0\n"
      "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
      "/dev/sdb1 /media/volunteer/KINGSTON vfat rw,nosuid,nodev,relatime,uid=1000 0 0\n"
      "/dev/sdc1 /media/volunteer/MY\\040STICK exfat rw,nosuid,nodev,relatime 0 0\n"
      "//hall-pc/mutua /mnt/hall cifs rw,relatime,vers=3.0 0 0\n"
      "model_tools_unavailable /mnt/sandboxing/model_tools_env/v1/python tmpfs "
      "ro,nosuid,nodev,relatime,size=4k,mode=755 0 0\n"
      "overlay /mnt/overlay overlay rw,relatime,lowerdir=/a,upperdir=/b,workdir=/c 0 0\n"
      "/dev/loop3 /media/snap squashfs ro,nodev,relatime 0 0\n"
      "tmpfs /run/media/volunteer tmpfs rw,nosuid,nodev 0 0\n";
  const auto drives = drives_from_mounts(mounts);
  REQUIRE(drives.size() == 3);
  CHECK(drives[0].path == "/media/volunteer/KINGSTON");
  CHECK(drives[0].label == "KINGSTON");
  CHECK(drives[1].path == "/media/volunteer/MY STICK");  // spaces come escaped as \040
  CHECK(drives[1].label == "MY STICK");
  CHECK(drives[2].path == "/mnt/hall");
  CHECK(!drives[0].has_mailbox);
}

TEST_CASE("a mounts line cut short or of the roots themselves offers nothing") {
  CHECK(drives_from_mounts("").empty());
  CHECK(drives_from_mounts("/dev/sdb1 /media/KINGSTON\n").empty());  // no type: not a full line
  CHECK(drives_from_mounts("/dev/sdb1 /media/ vfat rw 0 0\n").empty());
  CHECK(drives_from_mounts("/dev/sdb1 /mnt/ vfat rw 0 0\n").empty());
  CHECK(drives_from_mounts("/dev/sdb1 /srv/stick vfat rw 0 0\n").empty());
}

TEST_CASE(
    "a folder of the system's disk bound under /mnt is not offered, and a read-only stick "
    "is marked") {
  // What `mount --bind /home/shared /mnt/shared` shows: the system's disk, /dev/sda2, again;
  // and a stick with a write-protect switch, mounted read-only.
  const std::string mounts =
      "/dev/sda2 / ext4 rw,relatime 0 0\n"
      "/dev/sda3 /home ext4 rw,relatime 0 0\n"
      "/dev/sda3 /mnt/shared ext4 rw,relatime 0 0\n"
      "/dev/sda2 /media/system-copy ext4 rw,relatime 0 0\n"
      "/dev/sdb1 /media/volunteer/LOCKED vfat ro,nosuid,nodev,relatime,uid=1000 0 0\n"
      "/dev/sdc1 /media/volunteer/KINGSTON vfat rw,nosuid,nodev,relatime,uid=1000 0 0\n";
  const auto drives = drives_from_mounts(mounts);
  REQUIRE(drives.size() == 2);
  CHECK(drives[0].label == "LOCKED");
  CHECK(drives[0].read_only);
  CHECK(drives[1].label == "KINGSTON");
  CHECK_FALSE(drives[1].read_only);
}

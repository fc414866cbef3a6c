# Cross-compiling Mutua for arm64 (Raspberry Pi-class kiosks) on an amd64 Debian 12 machine with
# Debian's multiarch toolchain: crossbuild-essential-arm64 and the :arm64 dev packages
# (scripts/setup-arm64 installs them). Used by scripts/build-arm64:
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=platform/linux/arm64-toolchain.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# Libraries and CMake package files only from the arm64 multiarch folders; headers are shared
# (/usr/include, with /usr/include/aarch64-linux-gnu for the arch-specific ones).
set(CMAKE_IGNORE_PATH /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu
                      /usr/lib/x86_64-linux-gnu/cmake)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# Test programs built here run under qemu-user (scripts/test-arm64).
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static)
# The Debian package's architecture (CPack cannot ask dpkg on the build machine).
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64)

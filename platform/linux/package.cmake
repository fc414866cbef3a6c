# Install rules and the Debian package (CPack). scripts/package builds the .deb, and
# scripts/package-test installs, runs and removes it. Included from the top-level CMakeLists.txt.
include(GNUInstallDirs)

install(TARGETS mutua RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The app looks for its catalogues beside the binary, in ../share/mutua/assets (app/ui/i18n.cpp).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/mutua/assets)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/mutua.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/mutua.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
# The kiosk appliance (docs/kiosk.md): one command that makes a fresh Debian machine boot into
# Mutua under cage, with its man page.
install(PROGRAMS ${CMAKE_CURRENT_LIST_DIR}/mutua-kiosk-setup DESTINATION ${CMAKE_INSTALL_SBINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/docs/kiosk.md ${PROJECT_SOURCE_DIR}/docs/backups.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The man page is made from `mutua --help` and `--version` by help2man, so it cannot drift from
# the program. Only where packaging is asked for: it runs the binary at build time.
if(MUTUA_PACKAGE)
  find_program(HELP2MAN help2man REQUIRED)
  find_program(GZIP gzip REQUIRED)
  set(man ${CMAKE_CURRENT_BINARY_DIR}/mutua.1)
  add_custom_command(
    OUTPUT ${man}.gz
    COMMAND ${HELP2MAN} --no-info --section=1 --name=offline\ mutual-aid\ board
            --include=${CMAKE_CURRENT_LIST_DIR}/mutua.h2m --output=${man} ${MUTUA_RUN}
    COMMAND ${GZIP} -9nf ${man}
    DEPENDS mutua ${CMAKE_CURRENT_LIST_DIR}/mutua.h2m
    COMMENT "Man page from mutua --help")
  set(kiosk_man ${CMAKE_CURRENT_BINARY_DIR}/mutua-kiosk-setup.8.gz)
  add_custom_command(
    OUTPUT ${kiosk_man}
    COMMAND ${GZIP} -9nc ${CMAKE_CURRENT_LIST_DIR}/mutua-kiosk-setup.8 > ${kiosk_man}
    DEPENDS ${CMAKE_CURRENT_LIST_DIR}/mutua-kiosk-setup.8)
  add_custom_target(manpage ALL DEPENDS ${man}.gz ${kiosk_man})
  install(FILES ${man}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${kiosk_man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mutua)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Mutua developers <mutua@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "offline mutual-aid board for needs, offers and handovers")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Mutua records what people need and what they can offer at shelters and distribution
 sites, lets volunteers match them and record handovers, and keeps devices in step with
 bundles on a USB stick or over local Wi-Fi, with no internet and no server.")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Library dependencies are read from the binary by dpkg-shlibdeps; the fonts are found at run
# time through fontconfig, so they are named here.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core, fonts-noto-core, fontconfig, espeak-ng-data")
# What mutua-kiosk-setup needs (a shelter has no internet to fetch them later); apt installs
# recommended packages unless told not to. network-manager is for --hotspot only.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "fonts-noto-core, cage, xwayland, udisks2, polkitd, libpam-systemd")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "network-manager")
set(CPACK_STRIP_FILES ON)
include(CPack)

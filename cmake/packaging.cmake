# `make package`: a Debian package of the service (CPack's DEB generator). It installs the
# binaries, the web assets, a hardened systemd unit, a default config file (a conffile, so
# upgrades keep the operator's edits), the monitoring files of deploy/ and the docs.
include(GNUInstallDirs)

install(TARGETS wmpulse wmpulse-sim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Built into the build tree by web/CMakeLists.txt; the service finds them at ../share/wmpulse/web.
install(DIRECTORY ${CMAKE_BINARY_DIR}/web/ DESTINATION ${CMAKE_INSTALL_DATADIR}/wmpulse/web)
install(FILES packaging/wmpulse.service DESTINATION lib/systemd/system)
install(FILES packaging/wmpulse.toml DESTINATION /etc/wmpulse)
if(EXISTS ${CMAKE_SOURCE_DIR}/deploy)
  install(DIRECTORY deploy/ DESTINATION ${CMAKE_INSTALL_DATADIR}/wmpulse/deploy)
endif()
file(GLOB wmpulse_docs ${CMAKE_SOURCE_DIR}/docs/*.md)
install(FILES README.md ${wmpulse_docs} DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME wmpulse)
set(CPACK_PACKAGE_VENDOR "wmpulse")
set(CPACK_PACKAGE_CONTACT "wmpulse developers <wmpulse@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Real-time analytics for Genesys Cloud Web Messaging")
set(CPACK_PACKAGE_DESCRIPTION "Follows Genesys Cloud's Notifications and Analytics APIs and serves live queue figures over GraphQL, a dashboard and Prometheus.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/packaging/conffiles ${CMAKE_SOURCE_DIR}/packaging/postinst
    ${CMAKE_SOURCE_DIR}/packaging/prerm ${CMAKE_SOURCE_DIR}/packaging/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
# `make package` builds first; cpack (and the package test) must not rebuild the tree.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)
include(CPack)

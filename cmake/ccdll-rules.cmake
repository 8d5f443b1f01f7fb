# ccdll-rules.cmake - the rules CMake links DLLs with, adjusted for
# cc-dll; included as CMAKE_USER_MAKE_RULES_OVERRIDE_C/_CXX by the
# toolchain files (after CMake's Platform/Windows-GNU), and by
# ccdllConfig.cmake for the directory that calls find_package(ccdll).
#
# With Makefiles, Windows-GNU puts a DLL's objects into a temporary
# archive and links it with -Wl,--whole-archive OBJECT_DIR/objects.a
# -Wl,--no-whole-archive (for gcc 3, which had no response files); cc-dll
# takes the exports of the archive members the link pulls in by reference
# only, so it would find none there. The objects are given as they are
# instead (a response file when the list is long: CMake's
# USE_RESPONSE_FILE_FOR_OBJECTS, which cc-dll reads).
foreach(_ccdll_lang C CXX)
  foreach(_ccdll_rule CREATE_SHARED_LIBRARY CREATE_SHARED_MODULE)
    set(_ccdll_var CMAKE_${_ccdll_lang}_${_ccdll_rule})
    if(NOT DEFINED ${_ccdll_var} OR NOT "${${_ccdll_var}}" MATCHES "objects\\.a")
      continue()
    endif()
    set(_ccdll_commands)
    foreach(_ccdll_command IN LISTS ${_ccdll_var})
      if(_ccdll_command MATCHES "<OBJECT_DIR>/objects\\.a" AND NOT _ccdll_command MATCHES "--whole-archive")
        continue()   # the commands that make the archive
      endif()
      string(REPLACE "-Wl,--whole-archive <OBJECT_DIR>/objects.a -Wl,--no-whole-archive" "<OBJECTS>"
        _ccdll_command "${_ccdll_command}")
      list(APPEND _ccdll_commands "${_ccdll_command}")
    endforeach()
    set(${_ccdll_var} "${_ccdll_commands}")
  endforeach()
endforeach()
unset(_ccdll_lang)
unset(_ccdll_rule)
unset(_ccdll_var)
unset(_ccdll_command)
unset(_ccdll_commands)

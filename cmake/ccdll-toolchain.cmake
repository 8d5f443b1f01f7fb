# ccdll-toolchain.cmake - what the toolchain files toolchain-TRIPLE.cmake
# share, for the CCDLL_TRIPLE they set: cc-dll as the C and C++ compiler
# (the mingw-w64 gcc and g++ behind it).

# PREFIX/lib/cmake/ccdll/../../../bin. CMake takes ar, ranlib and windres
# from the compiler's name (x86_64-w64-mingw32-ar...).
get_filename_component(_ccdll_bin "${CMAKE_CURRENT_LIST_DIR}/../../../bin" ABSOLUTE)
set(CMAKE_C_COMPILER "${_ccdll_bin}/${CCDLL_TRIPLE}-cc-dll")
set(CMAKE_CXX_COMPILER "${_ccdll_bin}/${CCDLL_TRIPLE}-c++-dll")
set(ccdll_DIR "${CMAKE_CURRENT_LIST_DIR}")
# DLLs linked from their objects, not from a --whole-archive of them
# (see ccdll-rules.cmake).
set(CMAKE_USER_MAKE_RULES_OVERRIDE_C "${CMAKE_CURRENT_LIST_DIR}/ccdll-rules.cmake")
set(CMAKE_USER_MAKE_RULES_OVERRIDE_CXX "${CMAKE_CURRENT_LIST_DIR}/ccdll-rules.cmake")

# Libraries and headers from the mingw-w64 sysroot (and the project's own
# CMAKE_FIND_ROOT_PATH), programs from the build machine.
list(APPEND CMAKE_FIND_ROOT_PATH /usr/${CCDLL_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

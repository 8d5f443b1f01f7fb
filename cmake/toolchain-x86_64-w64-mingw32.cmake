# toolchain-x86_64-w64-mingw32.cmake - cross-compile for x86_64 Windows with
# cc-dll as the C and C++ compiler (the mingw-w64 gcc and g++ behind it):
#
#   cmake -S . -B build --toolchain PREFIX/lib/cmake/ccdll/toolchain-x86_64-w64-mingw32.cmake
#
# Every SHARED library is then linked by cc-dll, which writes NAME_i.def,
# NAME_e.def and its own import library (the -Wl,--out-implib CMake passes)
# beside the DLL; find_package(ccdll) finds the package beside this file.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CCDLL_TRIPLE x86_64-w64-mingw32)

include("${CMAKE_CURRENT_LIST_DIR}/ccdll-toolchain.cmake")

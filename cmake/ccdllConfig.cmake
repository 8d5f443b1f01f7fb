# ccdllConfig.cmake - find_package(ccdll): cc-dll as the linker of a
# project's DLLs, with their .def pair and cc-dll's import library.
#
#   find_package(ccdll REQUIRED)
#   ccdll_add_dll(foo SOURCES foo.c HEADERS include/foo.h)   # a new DLL, or
#   add_library(foo SHARED foo.c)  ccdll_dll(foo)             # an existing one
#   ccdll_install(foo)
#
# Best with the toolchain files beside this one (toolchain-TRIPLE.cmake),
# which make TRIPLE-cc-dll the project's compilers; with a plain mingw-w64
# gcc as the compiler, ccdll_dll() puts cc-dll in front of it for the one
# target (its compiler and linker launchers). Either way, for a DLL
# DIR/NAME.dll the link writes DIR/NAME_i.def (Foo@4), DIR/NAME_e.def
# (Foo=Foo@4) and the import library CMake asks for (-Wl,--out-implib:
# DIR/libNAME.dll.a), written by cc-dll and not by the linker.
#
# Gives:
#   ccdll_FOUND, CCDLL_VERSION
#   CCDLL_CC_DLL      PREFIX/bin/cc-dll       (also the target ccdll::cc-dll)
#   CCDLL_TOOL        PREFIX/bin/ccdll        (also the target ccdll::ccdll)
#   CCDLL_TOOLCHAIN_i686-w64-mingw32, CCDLL_TOOLCHAIN_x86_64-w64-mingw32
#   ccdll_dll(TARGET [EXPORTS undecorated|decorated|both] [LLD_DEF] [NO_IMPLIB])
#   ccdll_add_dll(TARGET SOURCES ... [HEADERS ...] [ccdll_dll options])
#   ccdll_install(TARGET [EXPORT NAME] [RUNTIME_DESTINATION bin]
#                 [ARCHIVE_DESTINATION lib] [INCLUDE_DESTINATION include])
# and on each ccdll_dll() target the properties CCDLL_IMPORT_DEF and
# CCDLL_EXPORT_DEF: the paths of the pair (generator expressions).
cmake_minimum_required(VERSION 3.20)
include_guard(GLOBAL)

get_filename_component(_ccdll_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(CCDLL_VERSION "${ccdll_VERSION}")
set(CCDLL_CC_DLL "${_ccdll_prefix}/bin/cc-dll")
set(CCDLL_TOOL "${_ccdll_prefix}/bin/ccdll")
set(_ccdll_launcher "${CMAKE_CURRENT_LIST_DIR}/ccdll-launch")
foreach(_ccdll_triple i686-w64-mingw32 x86_64-w64-mingw32)
  set(CCDLL_TOOLCHAIN_${_ccdll_triple} "${CMAKE_CURRENT_LIST_DIR}/toolchain-${_ccdll_triple}.cmake")
endforeach()
foreach(_ccdll_program cc-dll ccdll)
  if(NOT EXISTS "${_ccdll_prefix}/bin/${_ccdll_program}")
    set(ccdll_FOUND FALSE)
    set(ccdll_NOT_FOUND_MESSAGE "${_ccdll_prefix}/bin/${_ccdll_program} is missing")
    return()
  endif()
  if(NOT TARGET ccdll::${_ccdll_program})
    add_executable(ccdll::${_ccdll_program} IMPORTED)
    set_target_properties(ccdll::${_ccdll_program} PROPERTIES
      IMPORTED_LOCATION "${_ccdll_prefix}/bin/${_ccdll_program}")
  endif()
endforeach()

# DLLs linked from their objects (see ccdll-rules.cmake), in this
# directory and below; the toolchain files do it for the whole project.
include("${CMAKE_CURRENT_LIST_DIR}/ccdll-rules.cmake")

# Whether the project's LANG compiler already is cc-dll (TRIPLE-cc-dll,
# TRIPLE-c++-dll, cc-dll, clang-dll...).
function(_ccdll_is_cc_dll lang out)
  get_filename_component(name "${CMAKE_${lang}_COMPILER}" NAME)
  if(name MATCHES "(^|-)(cc|c\\+\\+|clang|clang\\+\\+)-dll$")
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

# ccdll_dll(TARGET [EXPORTS undecorated|decorated|both] [LLD_DEF] [NO_IMPLIB]):
# TARGET, a SHARED library for Windows, is linked by cc-dll.
function(ccdll_dll target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "LLD_DEF;NO_IMPLIB" "EXPORTS" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ccdll_dll(${target}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "ccdll_dll(${target}): no such target")
  endif()
  get_target_property(type ${target} TYPE)
  if(NOT type STREQUAL "SHARED_LIBRARY")
    message(FATAL_ERROR "ccdll_dll(${target}): a ${type}, not a SHARED library")
  endif()
  if(NOT CMAKE_SYSTEM_NAME STREQUAL "Windows")
    message(FATAL_ERROR "ccdll_dll(${target}): the project builds for ${CMAKE_SYSTEM_NAME}, not Windows "
      "(configure it with --toolchain ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/toolchain-x86_64-w64-mingw32.cmake)")
  endif()

  # The compilers: the toolchain files make cc-dll the compiler; else
  # cc-dll is put in front of this target's compiler and linker (after a
  # launcher it has already, such as ccache).
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  foreach(lang C CXX)
    if(NOT lang IN_LIST languages)
      continue()
    endif()
    _ccdll_is_cc_dll(${lang} is)
    if(NOT is)
      foreach(kind COMPILER LINKER)
        get_target_property(launcher ${target} ${lang}_${kind}_LAUNCHER)
        if(NOT launcher)
          set(launcher "")
        endif()
        if(NOT "${_ccdll_launcher}" IN_LIST launcher)
          list(APPEND launcher "${_ccdll_launcher}")
        endif()
        set_property(TARGET ${target} PROPERTY ${lang}_${kind}_LAUNCHER "${launcher}")
      endforeach()
    endif()
  endforeach()

  if(arg_EXPORTS)
    if(NOT arg_EXPORTS MATCHES "^(undecorated|decorated|both)$")
      message(FATAL_ERROR "ccdll_dll(${target}): EXPORTS ${arg_EXPORTS}: undecorated, decorated or both")
    endif()
    target_link_options(${target} PRIVATE --ccdll-exports=${arg_EXPORTS})
  endif()
  if(arg_LLD_DEF)
    target_link_options(${target} PRIVATE --ccdll-lld-def)
  endif()
  if(arg_NO_IMPLIB)
    target_link_options(${target} PRIVATE --ccdll-no-implib)
  endif()

  # cc-dll names the pair after the DLL: DIR/NAME.dll gives DIR/NAME_i.def.
  set(base "$<TARGET_FILE_DIR:${target}>/$<TARGET_FILE_PREFIX:${target}>$<TARGET_FILE_BASE_NAME:${target}>")
  set_target_properties(${target} PROPERTIES
    CCDLL_DLL TRUE
    CCDLL_NO_IMPLIB "${arg_NO_IMPLIB}"
    CCDLL_IMPORT_DEF "${base}_i.def"
    CCDLL_EXPORT_DEF "${base}_e.def")
  set_property(TARGET ${target} APPEND PROPERTY ADDITIONAL_CLEAN_FILES "${base}_i.def;${base}_e.def")
endfunction()

# ccdll_add_dll(TARGET SOURCES ... [HEADERS ...] [ccdll_dll options]): a new
# SHARED library linked by cc-dll; HEADERS are its public headers (their
# directories its PUBLIC include directories in the build tree, and
# installed by ccdll_install).
function(ccdll_add_dll target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "LLD_DEF;NO_IMPLIB" "EXPORTS" "SOURCES;HEADERS")
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "ccdll_add_dll(${target}): no SOURCES")
  endif()
  add_library(${target} SHARED ${arg_SOURCES} ${arg_HEADERS})
  foreach(header ${arg_HEADERS})
    get_filename_component(dir "${header}" DIRECTORY)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${dir}>)
  endforeach()
  if(arg_HEADERS)
    set_target_properties(${target} PROPERTIES PUBLIC_HEADER "${arg_HEADERS}")
  endif()
  set(options)
  foreach(flag LLD_DEF NO_IMPLIB)
    if(arg_${flag})
      list(APPEND options ${flag})
    endif()
  endforeach()
  if(arg_EXPORTS)
    list(APPEND options EXPORTS ${arg_EXPORTS})
  endif()
  ccdll_dll(${target} ${options})
endfunction()

# ccdll_install(TARGET [EXPORT NAME] [RUNTIME_DESTINATION bin]
#   [ARCHIVE_DESTINATION lib] [INCLUDE_DESTINATION include]): installs the
# DLL, its import library, its public headers and the .def pair (beside
# the import library).
function(ccdll_install target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "EXPORT;RUNTIME_DESTINATION;ARCHIVE_DESTINATION;INCLUDE_DESTINATION" "")
  get_target_property(is ${target} CCDLL_DLL)
  if(NOT is)
    message(FATAL_ERROR "ccdll_install(${target}): not a cc-dll DLL (call ccdll_dll(${target}) first)")
  endif()
  foreach(kind RUNTIME:bin ARCHIVE:lib INCLUDE:include)
    string(REPLACE ":" ";" kind "${kind}")
    list(GET kind 0 name)
    list(GET kind 1 default)
    if(NOT arg_${name}_DESTINATION)
      set(arg_${name}_DESTINATION ${default})
    endif()
  endforeach()
  set(export)
  if(arg_EXPORT)
    set(export EXPORT ${arg_EXPORT})
  endif()
  get_target_property(no_implib ${target} CCDLL_NO_IMPLIB)
  set(archive ARCHIVE DESTINATION ${arg_ARCHIVE_DESTINATION})
  if(no_implib)
    set(archive)
  endif()
  install(TARGETS ${target} ${export}
    RUNTIME DESTINATION ${arg_RUNTIME_DESTINATION}
    ${archive}
    PUBLIC_HEADER DESTINATION ${arg_INCLUDE_DESTINATION}
    INCLUDES DESTINATION ${arg_INCLUDE_DESTINATION})
  set(base "$<TARGET_FILE_DIR:${target}>/$<TARGET_FILE_PREFIX:${target}>$<TARGET_FILE_BASE_NAME:${target}>")
  install(FILES "${base}_i.def" "${base}_e.def" DESTINATION ${arg_ARCHIVE_DESTINATION})
endfunction()

set(ccdll_FOUND TRUE)

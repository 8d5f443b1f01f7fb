// libclang.h - libclang, loaded by `ccdll scan` when it needs to parse.
//
// ccdll does not link libclang: every other command would pay for loading
// it at each start (16 ms for libclang 14, more than many commands take),
// ccdll would not start at all on a machine without it, and a scan whose
// records are in the cache (cache.c) does not need it. libclang_load()
// opens it and fills clang_api; the defines below send each clang_* call
// of the scanner through it. A new libclang function goes into
// CCDLL_LIBCLANG_FUNCTIONS and gets a define.
#ifndef CCDLL_LIBCLANG_H
#define CCDLL_LIBCLANG_H

#include "core.h"

#include <clang-c/CXCompilationDatabase.h>
#include <clang-c/Index.h>

#define CCDLL_LIBCLANG_FUNCTIONS(X) \
  X(clang_createIndex) \
  X(clang_disposeIndex) \
  X(clang_parseTranslationUnit2) \
  X(clang_disposeTranslationUnit) \
  X(clang_getClangVersion) \
  X(clang_getCString) \
  X(clang_disposeString) \
  X(clang_disposeStringSet) \
  X(clang_getNumDiagnostics) \
  X(clang_getDiagnostic) \
  X(clang_disposeDiagnostic) \
  X(clang_getDiagnosticSeverity) \
  X(clang_getDiagnosticLocation) \
  X(clang_formatDiagnostic) \
  X(clang_getChildDiagnostics) \
  X(clang_getNumDiagnosticsInSet) \
  X(clang_getDiagnosticInSet) \
  X(clang_getTranslationUnitCursor) \
  X(clang_visitChildren) \
  X(clang_getCursorKind) \
  X(clang_isDeclaration) \
  X(clang_getCursorLanguage) \
  X(clang_getCursorLinkage) \
  X(clang_getCursorLocation) \
  X(clang_getCursorExtent) \
  X(clang_getCursorSemanticParent) \
  X(clang_getCursorSpelling) \
  X(clang_getCursorType) \
  X(clang_getCanonicalCursor) \
  X(clang_hashCursor) \
  X(clang_equalCursors) \
  X(clang_isCursorDefinition) \
  X(clang_getSpecializedCursorTemplate) \
  X(clang_CXXMethod_isStatic) \
  X(clang_CXXMethod_isPureVirtual) \
  X(clang_getCursorReferenced) \
  X(clang_getCursorLexicalParent) \
  X(clang_getNumOverloadedDecls) \
  X(clang_getOverloadedDecl) \
  X(clang_getTypeDeclaration) \
  X(clang_Cursor_getArgument) \
  X(clang_Cursor_getNumArguments) \
  X(clang_Cursor_getCXXManglings) \
  X(clang_Cursor_getMangling) \
  X(clang_Cursor_getStorageClass) \
  X(clang_Cursor_hasAttrs) \
  X(clang_Cursor_isAnonymous) \
  X(clang_Cursor_isNull) \
  X(clang_Cursor_isFunctionInlined) \
  X(clang_getNullCursor) \
  X(clang_getCanonicalType) \
  X(clang_getTypeSpelling) \
  X(clang_Type_getSizeOf) \
  X(clang_getArgType) \
  X(clang_getNumArgTypes) \
  X(clang_isFunctionTypeVariadic) \
  X(clang_getFunctionTypeCallingConv) \
  X(clang_getExpansionLocation) \
  X(clang_getLocationForOffset) \
  X(clang_getRange) \
  X(clang_getRangeStart) \
  X(clang_getRangeEnd) \
  X(clang_getFile) \
  X(clang_getFileName) \
  X(clang_getFileContents) \
  X(clang_File_isEqual) \
  X(clang_getInclusions) \
  X(clang_tokenize) \
  X(clang_getToken) \
  X(clang_getTokenKind) \
  X(clang_getTokenSpelling) \
  X(clang_disposeTokens) \
  X(clang_CompilationDatabase_fromDirectory) \
  X(clang_CompilationDatabase_dispose) \
  X(clang_CompilationDatabase_getAllCompileCommands) \
  X(clang_CompileCommands_dispose) \
  X(clang_CompileCommands_getSize) \
  X(clang_CompileCommands_getCommand) \
  X(clang_CompileCommand_getArg) \
  X(clang_CompileCommand_getDirectory) \
  X(clang_CompileCommand_getFilename) \
  X(clang_CompileCommand_getNumArgs)

typedef struct {
#define X(f) __typeof__(&f) f;
  CCDLL_LIBCLANG_FUNCTIONS(X)
#undef X
} ClangApi;

extern ClangApi clang_api;

// Loads libclang: $CCDLL_LIBCLANG, else the library found when ccdll was
// built (CCDLL_LIBCLANG_PATH), else libclang.so from the loader's path.
// false, with an error, when none loads or lacks a function.
bool libclang_load(Diag *d);
// The file libclang_load opens first (for the cache key); NULL if unknown.
const char *libclang_path(void);

#ifndef CCDLL_LIBCLANG_LOADER
#define clang_createIndex (clang_api.clang_createIndex)
#define clang_disposeIndex (clang_api.clang_disposeIndex)
#define clang_parseTranslationUnit2 (clang_api.clang_parseTranslationUnit2)
#define clang_disposeTranslationUnit (clang_api.clang_disposeTranslationUnit)
#define clang_getClangVersion (clang_api.clang_getClangVersion)
#define clang_getCString (clang_api.clang_getCString)
#define clang_disposeString (clang_api.clang_disposeString)
#define clang_disposeStringSet (clang_api.clang_disposeStringSet)
#define clang_getNumDiagnostics (clang_api.clang_getNumDiagnostics)
#define clang_getDiagnostic (clang_api.clang_getDiagnostic)
#define clang_disposeDiagnostic (clang_api.clang_disposeDiagnostic)
#define clang_getDiagnosticSeverity (clang_api.clang_getDiagnosticSeverity)
#define clang_getDiagnosticLocation (clang_api.clang_getDiagnosticLocation)
#define clang_formatDiagnostic (clang_api.clang_formatDiagnostic)
#define clang_getChildDiagnostics (clang_api.clang_getChildDiagnostics)
#define clang_getNumDiagnosticsInSet (clang_api.clang_getNumDiagnosticsInSet)
#define clang_getDiagnosticInSet (clang_api.clang_getDiagnosticInSet)
#define clang_getTranslationUnitCursor (clang_api.clang_getTranslationUnitCursor)
#define clang_visitChildren (clang_api.clang_visitChildren)
#define clang_getCursorKind (clang_api.clang_getCursorKind)
#define clang_isDeclaration (clang_api.clang_isDeclaration)
#define clang_getCursorLanguage (clang_api.clang_getCursorLanguage)
#define clang_getCursorLinkage (clang_api.clang_getCursorLinkage)
#define clang_getCursorLocation (clang_api.clang_getCursorLocation)
#define clang_getCursorExtent (clang_api.clang_getCursorExtent)
#define clang_getCursorSemanticParent (clang_api.clang_getCursorSemanticParent)
#define clang_getCursorSpelling (clang_api.clang_getCursorSpelling)
#define clang_getCursorType (clang_api.clang_getCursorType)
#define clang_getCanonicalCursor (clang_api.clang_getCanonicalCursor)
#define clang_hashCursor (clang_api.clang_hashCursor)
#define clang_equalCursors (clang_api.clang_equalCursors)
#define clang_isCursorDefinition (clang_api.clang_isCursorDefinition)
#define clang_getSpecializedCursorTemplate (clang_api.clang_getSpecializedCursorTemplate)
#define clang_CXXMethod_isStatic (clang_api.clang_CXXMethod_isStatic)
#define clang_CXXMethod_isPureVirtual (clang_api.clang_CXXMethod_isPureVirtual)
#define clang_getCursorReferenced (clang_api.clang_getCursorReferenced)
#define clang_getCursorLexicalParent (clang_api.clang_getCursorLexicalParent)
#define clang_getNumOverloadedDecls (clang_api.clang_getNumOverloadedDecls)
#define clang_getOverloadedDecl (clang_api.clang_getOverloadedDecl)
#define clang_getTypeDeclaration (clang_api.clang_getTypeDeclaration)
#define clang_Cursor_getArgument (clang_api.clang_Cursor_getArgument)
#define clang_Cursor_getNumArguments (clang_api.clang_Cursor_getNumArguments)
#define clang_Cursor_getCXXManglings (clang_api.clang_Cursor_getCXXManglings)
#define clang_Cursor_getMangling (clang_api.clang_Cursor_getMangling)
#define clang_Cursor_getStorageClass (clang_api.clang_Cursor_getStorageClass)
#define clang_Cursor_hasAttrs (clang_api.clang_Cursor_hasAttrs)
#define clang_Cursor_isAnonymous (clang_api.clang_Cursor_isAnonymous)
#define clang_Cursor_isNull (clang_api.clang_Cursor_isNull)
#define clang_Cursor_isFunctionInlined (clang_api.clang_Cursor_isFunctionInlined)
#define clang_getNullCursor (clang_api.clang_getNullCursor)
#define clang_getCanonicalType (clang_api.clang_getCanonicalType)
#define clang_getTypeSpelling (clang_api.clang_getTypeSpelling)
#define clang_Type_getSizeOf (clang_api.clang_Type_getSizeOf)
#define clang_getArgType (clang_api.clang_getArgType)
#define clang_getNumArgTypes (clang_api.clang_getNumArgTypes)
#define clang_isFunctionTypeVariadic (clang_api.clang_isFunctionTypeVariadic)
#define clang_getFunctionTypeCallingConv (clang_api.clang_getFunctionTypeCallingConv)
#define clang_getExpansionLocation (clang_api.clang_getExpansionLocation)
#define clang_getLocationForOffset (clang_api.clang_getLocationForOffset)
#define clang_getRange (clang_api.clang_getRange)
#define clang_getRangeStart (clang_api.clang_getRangeStart)
#define clang_getRangeEnd (clang_api.clang_getRangeEnd)
#define clang_getFile (clang_api.clang_getFile)
#define clang_getFileName (clang_api.clang_getFileName)
#define clang_getFileContents (clang_api.clang_getFileContents)
#define clang_File_isEqual (clang_api.clang_File_isEqual)
#define clang_getInclusions (clang_api.clang_getInclusions)
#define clang_tokenize (clang_api.clang_tokenize)
#define clang_getToken (clang_api.clang_getToken)
#define clang_getTokenKind (clang_api.clang_getTokenKind)
#define clang_getTokenSpelling (clang_api.clang_getTokenSpelling)
#define clang_disposeTokens (clang_api.clang_disposeTokens)
#define clang_CompilationDatabase_fromDirectory (clang_api.clang_CompilationDatabase_fromDirectory)
#define clang_CompilationDatabase_dispose (clang_api.clang_CompilationDatabase_dispose)
#define clang_CompilationDatabase_getAllCompileCommands (clang_api.clang_CompilationDatabase_getAllCompileCommands)
#define clang_CompileCommands_dispose (clang_api.clang_CompileCommands_dispose)
#define clang_CompileCommands_getSize (clang_api.clang_CompileCommands_getSize)
#define clang_CompileCommands_getCommand (clang_api.clang_CompileCommands_getCommand)
#define clang_CompileCommand_getArg (clang_api.clang_CompileCommand_getArg)
#define clang_CompileCommand_getDirectory (clang_api.clang_CompileCommand_getDirectory)
#define clang_CompileCommand_getFilename (clang_api.clang_CompileCommand_getFilename)
#define clang_CompileCommand_getNumArgs (clang_api.clang_CompileCommand_getNumArgs)
#endif

#endif

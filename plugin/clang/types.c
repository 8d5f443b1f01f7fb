// types.c - libclang types as the decoration rule sees them: the calling
// convention of a function type and the class of each parameter type
// (core.h's ParamType; decorate.c's decorate_arg_bytes does the sum).
#include "scan.h"

// clang has already applied the target's rules to the type: an ignored
// __stdcall on x86_64 leaves the default convention (Win64), a C++ member
// function on mingw i386 is __thiscall unless it says otherwise. What is
// left to map: conventions without a decoration of their own (Win64,
// SysV, regcall, pascal, AAPCS...) behave as cdecl for the name.
CallConv scan_conv(CXType fn, Machine m) {
  CallConv c;
  switch (clang_getFunctionTypeCallingConv(fn)) {
  case CXCallingConv_X86StdCall: c = CONV_STDCALL; break;
  case CXCallingConv_X86FastCall: c = CONV_FASTCALL; break;
  case CXCallingConv_X86ThisCall: c = CONV_THISCALL; break;
  case CXCallingConv_X86VectorCall: c = CONV_VECTORCALL; break;
  default: c = CONV_CDECL; break;
  }
  // GCC ignores stdcall, fastcall and thiscall on x86_64 too (a warning);
  // on arm and arm64 every convention is the one convention.
  if (m != MACH_I386 && c != CONV_VECTORCALL)
    c = CONV_CDECL;
  if (m != MACH_I386 && m != MACH_AMD64)
    c = CONV_CDECL;
  return c;
}

// Parameter types arrive as the function type holds them: already adjusted,
// so `int x[]` and `char y[10]` are pointers and a function parameter is a
// pointer to function. The canonical type drops typedefs and elaborations.
bool scan_param(CXType t, ParamType *out) {
  t = clang_getCanonicalType(t);
  long long size = clang_Type_getSizeOf(t);
  switch (t.kind) {
  case CXType_Pointer:
  case CXType_BlockPointer:
  case CXType_LValueReference:
  case CXType_RValueReference:
  case CXType_ObjCObjectPointer:
  case CXType_NullPtr:
  // Not adjusted when they come from elsewhere (a K&R definition's
  // parameters): they still decay.
  case CXType_ConstantArray:
  case CXType_IncompleteArray:
  case CXType_VariableArray:
  case CXType_DependentSizedArray:
  case CXType_FunctionProto:
  case CXType_FunctionNoProto:
    *out = (ParamType){PT_POINTER, 0};
    return true;
  case CXType_Float:
    *out = (ParamType){PT_FLOAT, 4};
    return true;
  case CXType_Double:
    *out = (ParamType){PT_DOUBLE, 8};
    return true;
  case CXType_LongDouble:
    // 12 bytes on mingw i386, 16 on mingw x86_64, 8 on MSVC targets: the
    // core's rule, which matches clang's layout.
    *out = (ParamType){PT_LONG_DOUBLE, size > 0 ? (uint32_t)size : 0};
    return true;
  case CXType_Vector:
  case CXType_ExtVector:
    if (size < 0)
      return false;
    *out = (ParamType){PT_VECTOR, (uint32_t)size};
    return true;
  case CXType_Complex:
    if (size < 0)
      return false;
    *out = (ParamType){PT_COMPLEX, (uint32_t)size};
    return true;
  case CXType_Record:
    if (size < 0)   // incomplete: GCC and clang stop counting here
      return false;
    *out = (ParamType){PT_RECORD, (uint32_t)size};
    return true;
  default:
    break;
  }
  if (size < 0)
    return false;
  // Integers, enums, bool, char, __int128, _Float16, _Atomic, member
  // pointers: their size, rounded to the stack slot like any other.
  bool integer = (t.kind >= CXType_Bool && t.kind <= CXType_Int128) || t.kind == CXType_Enum;
  *out = (ParamType){integer ? PT_INT : PT_RECORD, (uint32_t)size};
  return true;
}

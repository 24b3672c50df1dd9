/* cuwasm built-in header: stddef.h */
#pragma once
#ifndef __CUWASM_STDDEF_H
#define __CUWASM_STDDEF_H
typedef unsigned long size_t;
typedef long ptrdiff_t;
typedef long ssize_t;
#ifndef NULL
#define NULL 0
#endif
#define offsetof(type, member) __builtin_offsetof(type, member)
#endif

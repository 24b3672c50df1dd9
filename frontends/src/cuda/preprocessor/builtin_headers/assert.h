/* cuwasm built-in header: assert.h (no include guard: NDEBUG may change) */
#undef assert
#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#ifndef __CUWASM_ASSERT_FAIL_DECLARED
#define __CUWASM_ASSERT_FAIL_DECLARED
__host__ __device__ void __assert_fail(const char *assertion, const char *file, unsigned int line, const char *function);
#endif
#define assert(expr) ((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

/* cuwasm built-in header: stdlib.h */
#pragma once
#include <stddef.h>
#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647
__host__ __device__ void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *ptr, size_t size);
__host__ __device__ void free(void *ptr);
void exit(int status);
void abort(void);
int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
double atof(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
double strtod(const char *s, char **end);
float strtof(const char *s, char **end);
/* rand and srand as glibc computes them (TYPE_3: r[i] = r[i-3] + r[i-31],
   seeded by Park-Miller and 310 values discarded), so that programs print
   what they print when nvcc builds them on Linux. The state is the last 34
   values, a ring. */
static unsigned int __cuwasm_rand_ring[34];
static int __cuwasm_rand_next = 0;
static int __cuwasm_rand_seeded = 0;
static unsigned int __cuwasm_rand_step(void) {
  int i = __cuwasm_rand_next;
  unsigned int v = __cuwasm_rand_ring[(i + 34 - 31) % 34] + __cuwasm_rand_ring[(i + 34 - 3) % 34];
  __cuwasm_rand_ring[i] = v;
  __cuwasm_rand_next = (i + 1) % 34;
  return v;
}
static void srand(unsigned int seed) {
  long long word = seed == 0 ? 1 : seed;
  __cuwasm_rand_ring[0] = (unsigned int)word;
  for (int i = 1; i < 31; i++) {
    word = (16807LL * word) % 2147483647LL;
    __cuwasm_rand_ring[i] = (unsigned int)word;
  }
  for (int i = 31; i < 34; i++) __cuwasm_rand_ring[i] = __cuwasm_rand_ring[i - 31];
  __cuwasm_rand_next = 0;
  for (int i = 34; i < 344; i++) __cuwasm_rand_step();
  __cuwasm_rand_seeded = 1;
}
static int rand(void) {
  if (!__cuwasm_rand_seeded) srand(1);
  return (int)(__cuwasm_rand_step() >> 1);
}
__host__ __device__ int abs(int x);
__host__ __device__ long labs(long x);
__host__ __device__ long long llabs(long long x);
char *getenv(const char *name);
int system(const char *command);
void qsort(void *base, size_t n, size_t size, int (*compare)(const void *, const void *));

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
int rand(void);
void srand(unsigned int seed);
__host__ __device__ int abs(int x);
__host__ __device__ long labs(long x);
__host__ __device__ long long llabs(long long x);
char *getenv(const char *name);
int system(const char *command);
void qsort(void *base, size_t n, size_t size, int (*compare)(const void *, const void *));

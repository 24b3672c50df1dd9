// rand and srand give glibc's sequence (the CHECK values are what a program
// built by gcc against glibc printed), on the CPU and the Wasm device; puts
// writes its line.
// RUN: cuwasm-run %s | FileCheck %s
// RUN: cuwasm-run --device=wasm %s | FileCheck %s

#include <stdio.h>
#include <stdlib.h>

// Unseeded: as srand(1).
// CHECK: 1804289383
// CHECK-NEXT: 846930886
// CHECK-NEXT: 1681692777
// CHECK-NEXT: 1714636915
// CHECK-NEXT: 1957747793
// A hash of 100,000 values after srand(12345).
// CHECK-NEXT: 5407885704708581380
// srand(0) is srand(1).
// CHECK-NEXT: 1804289383 846930886
// CHECK-NEXT: done
int main() {
  unsigned long long h = 0;
  for (int i = 0; i < 5; i++) printf("%d\n", rand());
  srand(12345);
  for (int i = 0; i < 100000; i++) h = h * 31 + (unsigned)rand();
  printf("%llu\n", h);
  srand(0);
  int a = rand();
  printf("%d %d\n", a, rand());
  puts("done");
  return 0;
}

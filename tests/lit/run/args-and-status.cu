// cuwasm-run passes ARGS to main and main's result out as the exit status; a
// compile error is a located diagnostic and exit status 1.
// RUN: cuwasm-run %s -- 3 seven | FileCheck %s
// RUN: not cuwasm-run %s -- 1 2 3 4 5 6 7 8 9
// RUN: not cuwasm-run -DBROKEN %s 2>&1 | FileCheck %s --check-prefix=ERR

#include <stdio.h>

// CHECK: argc=3 argv[1]=3 argv[2]=seven
int main(int argc, char **argv) {
  printf("argc=%d argv[1]=%s argv[2]=%s\n", argc, argv[1], argv[2]);
#ifdef BROKEN
  // ERR: args-and-status.cu:[[@LINE+3]]:{{[0-9]+}}: error:
  // ERR-NEXT: return undeclared_thing;
  // ERR-NEXT: ^
  return undeclared_thing;
#endif
  return argc > 5 ? 42 : 0;
}

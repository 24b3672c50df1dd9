//! Declarations: CUDA attributes, storage and qualifiers, declarators,
//! typedefs, enums, structs and classes, namespaces.

use super::*;

#[test]
fn cuda_function_attributes() {
    check(
        "__global__ void k(); __device__ float d(float x); __host__ __device__ inline int hd(int a);\n\
         __device__ __forceinline__ float fi(float x) { return x; } __device__ __noinline__ void ni();\n\
         __global__ void __launch_bounds__(256) lb1(); __global__ void __launch_bounds__(256, 2) lb2();\n\
         __global__ __launch_bounds__(128, 4, 1) void lb3();",
        r#"
            FunctionDecl k 'void ()' __global__
            FunctionDecl d 'float (float)' __device__
              ParmVarDecl x 'float'
            FunctionDecl hd 'int (int)' __host__ __device__ inline
              ParmVarDecl a 'int'
            FunctionDecl fi 'float (float)' __device__ __forceinline__
              ParmVarDecl x 'float'
              CompoundStmt
                ReturnStmt
                  DeclRefExpr x
            FunctionDecl ni 'void ()' __device__ __noinline__
            FunctionDecl lb1 'void ()' __global__ __launch_bounds__(256)
            FunctionDecl lb2 'void ()' __global__ __launch_bounds__(256, 2)
            FunctionDecl lb3 'void ()' __global__ __launch_bounds__(128, 4, 1)
        "#,
    );
}

#[test]
fn storage_classes_and_qualifiers() {
    check(
        "static int s = 1; extern int e; const float c = 2.0f; constexpr int ce = 3; volatile int v;\n\
         static const unsigned long long ull = 4; float * __restrict__ rp; const float *const cp = nullptr;\n\
         register int r; inline int f() { return 0; } static inline __device__ int g();",
        r#"
            VarDecl s 'int' static
              IntegerLiteral 1
            VarDecl e 'int' extern
            VarDecl c 'const float'
              FloatingLiteral 2.0f
            VarDecl ce 'int' constexpr
              IntegerLiteral 3
            VarDecl v 'volatile int'
            VarDecl ull 'const unsigned long long' static
              IntegerLiteral 4
            VarDecl rp 'float *__restrict__'
            VarDecl cp 'const float *const'
              CXXNullPtrLiteralExpr
            VarDecl r 'int' register
            FunctionDecl f 'int ()' inline
              CompoundStmt
                ReturnStmt
                  IntegerLiteral 0
            FunctionDecl g 'int ()' static __device__ inline
        "#,
    );
}

#[test]
fn cuda_memory_spaces() {
    check(
        "__constant__ float coeff[16] = {1.0f, 2.0f}; __device__ int counter; __managed__ int m;\n\
         __global__ void k() { __shared__ float tile[16][17]; extern __shared__ float dyn[]; __shared__ int n; }",
        r#"
            VarDecl coeff 'float [16]' __constant__
              InitListExpr
                FloatingLiteral 1.0f
                FloatingLiteral 2.0f
            VarDecl counter 'int' __device__
            VarDecl m 'int' __managed__
            FunctionDecl k 'void ()' __global__
              CompoundStmt
                DeclStmt
                  VarDecl tile 'float [16][17]' __shared__
                DeclStmt
                  VarDecl dyn 'float []' extern __shared__
                DeclStmt
                  VarDecl n 'int' __shared__
        "#,
    );
}

#[test]
fn several_declarators_and_initializers() {
    check(
        "int a = 1, *b = &a, c[3] = {1, 2, 3}, d(4), e{5}, f = {6};",
        r#"
            VarDecl a 'int'
              IntegerLiteral 1
            VarDecl b 'int *'
              UnaryOperator prefix '&'
                DeclRefExpr a
            VarDecl c 'int [3]'
              InitListExpr
                IntegerLiteral 1
                IntegerLiteral 2
                IntegerLiteral 3
            VarDecl d 'int'
              ParenListExpr
                IntegerLiteral 4
            VarDecl e 'int'
              InitListExpr
                IntegerLiteral 5
            VarDecl f 'int'
              InitListExpr
                IntegerLiteral 6
        "#,
    );
}

#[test]
fn arrays_pointers_and_references() {
    check(
        "#define N 8\nfloat m[N][N][2]; float (*pa)[N]; float *ap[N]; int **pp; int &r = **pp; int &&rr = 1;\n\
         const char *names[] = {\"a\", \"b\"}; void take(float A[N][N], float (*B)[N], int &out);",
        r#"
            VarDecl m 'float [8][8][2]'
            VarDecl pa 'float (*)[8]'
            VarDecl ap 'float *[8]'
            VarDecl pp 'int **'
            VarDecl r 'int &'
              UnaryOperator prefix '*'
                UnaryOperator prefix '*'
                  DeclRefExpr pp
            VarDecl rr 'int &&'
              IntegerLiteral 1
            VarDecl names 'const char *[]'
              InitListExpr
                StringLiteral "a"
                StringLiteral "b"
            FunctionDecl take 'void (float [8][8], float (*)[8], int &)'
              ParmVarDecl A 'float [8][8]'
              ParmVarDecl B 'float (*)[8]'
              ParmVarDecl out 'int &'
        "#,
    );
}

#[test]
fn function_pointers() {
    check(
        "int (*op)(int, int); void (*table[4])(float *); typedef float (*unary)(float);\n\
         void apply(unary f, int (*cmp)(const void *, const void *)); int (*get(int which))(int, int);",
        r#"
            VarDecl op 'int (*)(int, int)'
            VarDecl table 'void (*[4])(float *)'
            TypedefDecl unary 'float (*)(float)'
            FunctionDecl apply 'void (unary, int (*)(const void *, const void *))'
              ParmVarDecl f 'unary'
              ParmVarDecl cmp 'int (*)(const void *, const void *)'
            FunctionDecl get 'int (*(int))(int, int)'
              ParmVarDecl which 'int'
        "#,
    );
}

#[test]
fn typedefs_and_aliases() {
    check(
        "typedef unsigned int uint; typedef float vec3[3], *fptr; using real = double; using cb = void (*)(int);\n\
         typedef struct { float x, y; } point; typedef struct node { struct node *next; } node_t; uint u; vec3 v; point p; node_t n; real r;",
        r#"
            TypedefDecl uint 'unsigned int'
            TypedefDecl vec3 'float [3]'
            TypedefDecl fptr 'float *'
            TypeAliasDecl real 'double'
            TypeAliasDecl cb 'void (*)(int)'
            RecordDecl struct (anonymous #1)
              public VarDecl x 'float'
              public VarDecl y 'float'
            TypedefDecl point 'struct (anonymous #1)'
            RecordDecl struct node
              public VarDecl next 'struct node *'
            TypedefDecl node_t 'struct node'
            VarDecl u 'uint'
            VarDecl v 'vec3'
            VarDecl p 'point'
            VarDecl n 'node_t'
            VarDecl r 'real'
        "#,
    );
}

#[test]
fn enums_and_enum_classes() {
    check(
        "enum Color { Red, Green = 5, Blue }; enum class Mode : unsigned char { Fast = 1, Slow }; enum struct E2 { X };\n\
         enum class Fwd : int; Color c = Blue; Mode m = Mode::Slow; enum { K = 2 };",
        r#"
            EnumDecl Color
              EnumConstantDecl Red
              EnumConstantDecl Green
                IntegerLiteral 5
              EnumConstantDecl Blue
            EnumDecl class Mode : 'unsigned char'
              EnumConstantDecl Fast
                IntegerLiteral 1
              EnumConstantDecl Slow
            EnumDecl class E2
              EnumConstantDecl X
            EnumDecl class Fwd : 'int' declaration
            VarDecl c 'Color'
              DeclRefExpr Blue
            VarDecl m 'Mode'
              DeclRefExpr Mode::Slow
            EnumDecl (anonymous #1)
              EnumConstantDecl K
                IntegerLiteral 2
        "#,
    );
}

#[test]
fn structs_with_members() {
    check(
        "struct V { float x, y; unsigned flag : 1; static int count; static const int dim = 2;\n\
           V() : x(0), y{0} {} V(float a, float b = 1.0f) : x(a), y(b) {} ~V() {}\n\
           float len2() const { return x * x + y * y; }\n\
           V operator+(const V &o) const { return V(x + o.x, y + o.y); }\n\
           V &operator+=(const V &o) { x += o.x; return *this; }\n\
           float operator[](int i) const { return i ? y : x; }\n\
           bool operator==(const V &o) const = default; V(const V &) = default; V &operator=(V &&) = delete;\n\
           explicit operator bool() const { return x != 0; } };\n\
         int V::count = 0;",
        r#"
            RecordDecl struct V
              public VarDecl x 'float'
              public VarDecl y 'float'
              public VarDecl flag 'unsigned int' bitfield
                IntegerLiteral 1
              public VarDecl count 'int' static
              public VarDecl dim 'const int' static
                IntegerLiteral 2
              public CXXConstructorDecl V 'void ()'
                CXXCtorInitializer x
                  IntegerLiteral 0
                CXXCtorInitializer y braced
                  IntegerLiteral 0
                CompoundStmt
              public CXXConstructorDecl V 'void (float, float)'
                ParmVarDecl a 'float'
                ParmVarDecl b 'float'
                  FloatingLiteral 1.0f
                CXXCtorInitializer x
                  DeclRefExpr a
                CXXCtorInitializer y
                  DeclRefExpr b
                CompoundStmt
              public CXXDestructorDecl ~V 'void ()'
                CompoundStmt
              public FunctionDecl len2 'float () const'
                CompoundStmt
                  ReturnStmt
                    BinaryOperator '+'
                      BinaryOperator '*'
                        DeclRefExpr x
                        DeclRefExpr x
                      BinaryOperator '*'
                        DeclRefExpr y
                        DeclRefExpr y
              public FunctionDecl operator+ 'V (const V &) const'
                ParmVarDecl o 'const V &'
                CompoundStmt
                  ReturnStmt
                    CXXFunctionalCastExpr 'V'
                      BinaryOperator '+'
                        DeclRefExpr x
                        MemberExpr .x
                          DeclRefExpr o
                      BinaryOperator '+'
                        DeclRefExpr y
                        MemberExpr .y
                          DeclRefExpr o
              public FunctionDecl operator+= 'V &(const V &)'
                ParmVarDecl o 'const V &'
                CompoundStmt
                  CompoundAssignOperator '+='
                    DeclRefExpr x
                    MemberExpr .x
                      DeclRefExpr o
                  ReturnStmt
                    UnaryOperator prefix '*'
                      CXXThisExpr
              public FunctionDecl operator[] 'float (int) const'
                ParmVarDecl i 'int'
                CompoundStmt
                  ReturnStmt
                    ConditionalOperator
                      DeclRefExpr i
                      DeclRefExpr y
                      DeclRefExpr x
              public FunctionDecl operator== 'bool (const V &) const' default
                ParmVarDecl o 'const V &'
              public CXXConstructorDecl V 'void (const V &)' default
                ParmVarDecl 'const V &'
              public FunctionDecl operator= 'V &(V &&)' delete
                ParmVarDecl 'V &&'
              public CXXConversionDecl operator bool 'bool () const' explicit
                CompoundStmt
                  ReturnStmt
                    BinaryOperator '!='
                      DeclRefExpr x
                      IntegerLiteral 0
            VarDecl V::count 'int'
              IntegerLiteral 0
        "#,
    );
}

#[test]
fn classes_access_and_unions() {
    check(
        "class C { int hidden; public: int shown; C(int h) : hidden(h) {} protected: int prot(); private: static C make(); };\n\
         union U { float f; unsigned u; }; struct A { union { int i; float f; }; struct { int a, b; } pair; };",
        r#"
            RecordDecl class C
              private VarDecl hidden 'int'
              public VarDecl shown 'int'
              public CXXConstructorDecl C 'void (int)'
                ParmVarDecl h 'int'
                CXXCtorInitializer hidden
                  DeclRefExpr h
                CompoundStmt
              protected FunctionDecl prot 'int ()'
              private FunctionDecl make 'C ()' static
            RecordDecl union U
              public VarDecl f 'float'
              public VarDecl u 'unsigned int'
            RecordDecl struct A
              public RecordDecl union (anonymous #1)
                public VarDecl i 'int'
                public VarDecl f 'float'
              public RecordDecl struct (anonymous #2)
                public VarDecl a 'int'
                public VarDecl b 'int'
              public VarDecl pair 'struct (anonymous #2)'
        "#,
    );
}

#[test]
fn out_of_class_member_definitions() {
    check(
        "struct S { typedef int T; T get() const; S(int v); static int n; int v; };\n\
         S::T S::get() const { T t = v; return t; } S::S(int v) : v(v) {} int S::n = 3;",
        r#"
            RecordDecl struct S
              public TypedefDecl T 'int'
              public FunctionDecl get 'T () const'
              public CXXConstructorDecl S 'void (int)'
                ParmVarDecl v 'int'
              public VarDecl n 'int' static
              public VarDecl v 'int'
            FunctionDecl S::get 'S::T () const'
              CompoundStmt
                DeclStmt
                  VarDecl t 'T'
                    DeclRefExpr v
                ReturnStmt
                  DeclRefExpr t
            CXXConstructorDecl S::S 'void (int)'
              ParmVarDecl v 'int'
              CXXCtorInitializer v
                DeclRefExpr v
              CompoundStmt
            VarDecl S::n 'int'
              IntegerLiteral 3
        "#,
    );
}

#[test]
fn friends_conversions_and_bases() {
    check(
        "struct B { int b; }; struct D : public B { friend D operator*(float s, const D &d); operator int() const; };\n\
         struct E : B, private D {};",
        r#"
            RecordDecl struct B
              public VarDecl b 'int'
            RecordDecl struct D
              BaseSpecifier public 'B'
              public FunctionDecl operator* 'D (float, const D &)' friend
                ParmVarDecl s 'float'
                ParmVarDecl d 'const D &'
              public CXXConversionDecl operator int 'int () const'
            RecordDecl struct E
              BaseSpecifier 'B'
              BaseSpecifier private 'D'
        "#,
    );
}

#[test]
fn namespaces() {
    check(
        "namespace a { int x; namespace b { typedef int T; } } namespace a::c { int y; } namespace { int hidden; }\n\
         using namespace a; a::b::T t = x; using a::c::y; int z = y; inline namespace v1 { int w; }",
        r#"
            NamespaceDecl a
              VarDecl x 'int'
              NamespaceDecl b
                TypedefDecl T 'int'
            NamespaceDecl a
              NamespaceDecl c
                VarDecl y 'int'
            NamespaceDecl (anonymous)
              VarDecl hidden 'int'
            UsingDirectiveDecl a
            VarDecl t 'a::b::T'
              DeclRefExpr x
            UsingDecl a::c::y
            VarDecl z 'int'
              DeclRefExpr y
            NamespaceDecl inline v1
              VarDecl w 'int'
        "#,
    );
}

#[test]
fn default_arguments() {
    check(
        "void f(int a, float b = 1.5f, const char *s = \"x\", int n = sizeof(int) * 2);",
        r#"
            FunctionDecl f 'void (int, float, const char *, int)'
              ParmVarDecl a 'int'
              ParmVarDecl b 'float'
                FloatingLiteral 1.5f
              ParmVarDecl s 'const char *'
                StringLiteral "x"
              ParmVarDecl n 'int'
                BinaryOperator '*'
                  UnaryExprOrTypeTraitExpr sizeof 'int'
                  IntegerLiteral 2
        "#,
    );
}

#[test]
fn extern_c_and_alignment() {
    check(
        "extern \"C\" { int cfun(int); } extern \"C\" __global__ void ck();\n\
         struct __align__(16) Al { float v[4]; }; struct alignas(8) B8 { int a; };\n\
         alignas(32) float buf[8]; __attribute__((aligned(64))) int big[4]; float f __attribute__((unused));",
        r#"
            LinkageSpecDecl "C"
              FunctionDecl cfun 'int (int)' extern_c
                ParmVarDecl 'int'
            LinkageSpecDecl "C"
              FunctionDecl ck 'void ()' extern_c __global__
            RecordDecl struct Al alignas(16)
              public VarDecl v 'float [4]'
            RecordDecl struct B8 alignas(8)
              public VarDecl a 'int'
            VarDecl buf 'float [8]' alignas(32)
            VarDecl big 'int [4]' alignas(64)
            VarDecl f 'float'
        "#,
    );
}

#[test]
fn trailing_return_types_and_auto() {
    check(
        "auto f(int x) -> float; __device__ auto g() -> int { return 1; } void h() { auto v = 2.0f; const auto &r = v; decltype(v) w = v; }",
        r#"
            FunctionDecl f 'float (int)'
              ParmVarDecl x 'int'
            FunctionDecl g 'int ()' __device__
              CompoundStmt
                ReturnStmt
                  IntegerLiteral 1
            FunctionDecl h 'void ()'
              CompoundStmt
                DeclStmt
                  VarDecl v 'auto'
                    FloatingLiteral 2.0f
                DeclStmt
                  VarDecl r 'const auto &'
                    DeclRefExpr v
                DeclStmt
                  VarDecl w 'decltype(v)'
                    DeclRefExpr v
        "#,
    );
}

#[test]
fn c_style_declarations() {
    check(
        "struct P; struct P { int v; }; struct P *mk(void); int sum(int n, ...); static void nop(void) {}\n\
         int main(int argc, char **argv) { struct P p; p.v = argc; return p.v; }",
        r#"
            RecordDecl struct P declaration
            RecordDecl struct P
              public VarDecl v 'int'
            FunctionDecl mk 'struct P *()'
            FunctionDecl sum 'int (int, ...)'
              ParmVarDecl n 'int'
            FunctionDecl nop 'void ()' static
              CompoundStmt
            FunctionDecl main 'int (int, char **)'
              ParmVarDecl argc 'int'
              ParmVarDecl argv 'char **'
              CompoundStmt
                DeclStmt
                  VarDecl p 'struct P'
                BinaryOperator '='
                  MemberExpr .v
                    DeclRefExpr p
                  DeclRefExpr argc
                ReturnStmt
                  MemberExpr .v
                    DeclRefExpr p
        "#,
    );
}

#[test]
fn locations_in_the_dump() {
    let d = dump_locs("int a = 1;\n__global__ void k(float *p) {\n  p[0] = a;\n}\n");
    assert_eq!(
        d,
        "VarDecl a 'int' <1:1>\n  IntegerLiteral 1 <1:9>\n\
         FunctionDecl k 'void (float *)' __global__ <2:1>\n  ParmVarDecl p 'float *' <2:19>\n\
         \x20 CompoundStmt <2:29>\n    BinaryOperator '=' <3:8>\n      ArraySubscriptExpr <3:4>\n\
         \x20       DeclRefExpr p <3:3>\n        IntegerLiteral 0 <3:5>\n      DeclRefExpr a <3:10>\n"
    );
}

//! Templates: function and class templates, parameters and defaults,
//! explicit arguments, specializations, member templates, dependent names.

use super::*;

#[test]
fn function_templates_with_type_and_value_parameters() {
    check(
        "template <typename T, int BLOCK = 256, class U = float> __global__ void k(T *out, const U *in) {\n\
           __shared__ T buf[BLOCK]; buf[threadIdx.x] = T(in[0]); out[0] = buf[BLOCK - 1]; }\n\
         void host(float *o, const float *i) { k<float><<<1, 256>>>(o, i); k<double, 128, double><<<1, 128>>>(0, 0); }",
        r#"
            TemplateDecl
              TemplateTypeParmDecl T
              NonTypeTemplateParmDecl BLOCK 'int'
                IntegerLiteral 256
              TemplateTypeParmDecl U default 'float'
              FunctionDecl k 'void (T *, const U *)' __global__
                ParmVarDecl out 'T *'
                ParmVarDecl in 'const U *'
                CompoundStmt
                  DeclStmt
                    VarDecl buf 'T [BLOCK]' __shared__
                  BinaryOperator '='
                    ArraySubscriptExpr
                      DeclRefExpr buf
                      MemberExpr .x
                        DeclRefExpr threadIdx
                    CXXFunctionalCastExpr 'T'
                      ArraySubscriptExpr
                        DeclRefExpr in
                        IntegerLiteral 0
                  BinaryOperator '='
                    ArraySubscriptExpr
                      DeclRefExpr out
                      IntegerLiteral 0
                    ArraySubscriptExpr
                      DeclRefExpr buf
                      BinaryOperator '-'
                        DeclRefExpr BLOCK
                        IntegerLiteral 1
            FunctionDecl host 'void (float *, const float *)'
              ParmVarDecl o 'float *'
              ParmVarDecl i 'const float *'
              CompoundStmt
                CUDAKernelCallExpr
                  DeclRefExpr k<float>
                  KernelLaunchConfig
                    IntegerLiteral 1
                    IntegerLiteral 256
                  DeclRefExpr o
                  DeclRefExpr i
                CUDAKernelCallExpr
                  DeclRefExpr k<double, 128, double>
                  KernelLaunchConfig
                    IntegerLiteral 1
                    IntegerLiteral 128
                  IntegerLiteral 0
                  IntegerLiteral 0
        "#,
    );
}

#[test]
fn class_templates_and_their_members() {
    check(
        "template <typename T, int N> struct Arr { T v[N]; __device__ T &operator[](int i) { return v[i]; }\n\
           static const int size = N; __device__ T sum() const; };\n\
         template <typename T, int N> __device__ T Arr<T, N>::sum() const { T s = T(); for (int i = 0; i < N; i++) s += v[i]; return s; }\n\
         __device__ float use(Arr<float, 4> &a) { Arr<int, Arr<float, 4>::size> b; return a.sum() + b[0] + Arr<float, 2>::size; }",
        r#"
            TemplateDecl
              TemplateTypeParmDecl T
              NonTypeTemplateParmDecl N 'int'
              RecordDecl struct Arr
                public VarDecl v 'T [N]'
                public FunctionDecl operator[] 'T &(int)' __device__
                  ParmVarDecl i 'int'
                  CompoundStmt
                    ReturnStmt
                      ArraySubscriptExpr
                        DeclRefExpr v
                        DeclRefExpr i
                public VarDecl size 'const int' static
                  DeclRefExpr N
                public FunctionDecl sum 'T () const' __device__
            TemplateDecl
              TemplateTypeParmDecl T
              NonTypeTemplateParmDecl N 'int'
              FunctionDecl Arr<T, N>::sum 'T () const' __device__
                CompoundStmt
                  DeclStmt
                    VarDecl s 'T'
                      CXXFunctionalCastExpr 'T'
                  ForStmt
                    DeclStmt
                      VarDecl i 'int'
                        IntegerLiteral 0
                    BinaryOperator '<'
                      DeclRefExpr i
                      DeclRefExpr N
                    UnaryOperator postfix '++'
                      DeclRefExpr i
                    CompoundAssignOperator '+='
                      DeclRefExpr s
                      ArraySubscriptExpr
                        DeclRefExpr v
                        DeclRefExpr i
                  ReturnStmt
                    DeclRefExpr s
            FunctionDecl use 'float (Arr<float, 4> &)' __device__
              ParmVarDecl a 'Arr<float, 4> &'
              CompoundStmt
                DeclStmt
                  VarDecl b 'Arr<int, Arr<float, 4>::size>'
                ReturnStmt
                  BinaryOperator '+'
                    BinaryOperator '+'
                      CallExpr
                        MemberExpr .sum
                          DeclRefExpr a
                      ArraySubscriptExpr
                        DeclRefExpr b
                        IntegerLiteral 0
                    DeclRefExpr Arr<float, 2>::size
        "#,
    );
}

#[test]
fn nested_template_arguments_split_greater_tokens() {
    check(
        "template <typename T> struct W { T v; }; W<W<int>> a; W<W<W<int>>> b; template <int N> struct I {}; I<(4 >> 1)> c;",
        r#"
            TemplateDecl
              TemplateTypeParmDecl T
              RecordDecl struct W
                public VarDecl v 'T'
            VarDecl a 'W<W<int> >'
            VarDecl b 'W<W<W<int> > >'
            TemplateDecl
              NonTypeTemplateParmDecl N 'int'
              RecordDecl struct I
            VarDecl c 'I<(4 >> 1)>'
        "#,
    );
}

#[test]
fn explicit_specializations_and_instantiations() {
    check(
        "template <typename T> struct Tr { static const int id = 0; }; template <> struct Tr<float> { static const int id = 1; };\n\
         template <typename T> __device__ T zero() { return T(0); } template <> __device__ float zero<float>() { return 0.0f; }\n\
         template <typename T> __global__ void kk(T *p) {} template __global__ void kk<int>(int *p);",
        r#"
            TemplateDecl
              TemplateTypeParmDecl T
              RecordDecl struct Tr
                public VarDecl id 'const int' static
                  IntegerLiteral 0
            TemplateDecl explicit_specialization
              RecordDecl struct Tr<float>
                public VarDecl id 'const int' static
                  IntegerLiteral 1
            TemplateDecl
              TemplateTypeParmDecl T
              FunctionDecl zero 'T ()' __device__
                CompoundStmt
                  ReturnStmt
                    CXXFunctionalCastExpr 'T'
                      IntegerLiteral 0
            TemplateDecl explicit_specialization
              FunctionDecl zero<float> 'float ()' __device__
                CompoundStmt
                  ReturnStmt
                    FloatingLiteral 0.0f
            TemplateDecl
              TemplateTypeParmDecl T
              FunctionDecl kk 'void (T *)' __global__
                ParmVarDecl p 'T *'
                CompoundStmt
            ExplicitInstantiationDecl
              FunctionDecl kk<int> 'void (int *)' __global__
                ParmVarDecl p 'int *'
        "#,
    );
}

#[test]
fn functors_as_template_arguments() {
    check(
        "struct Add { __device__ float operator()(float a, float b) const { return a + b; } };\n\
         template <typename Op> __global__ void reduce(const float *in, float *out, Op op) { out[0] = op(in[0], in[1]); }\n\
         void run(const float *i, float *o) { reduce<Add><<<1, 1>>>(i, o, Add()); reduce<<<1, 1>>>(i, o, Add{}); }",
        r#"
            RecordDecl struct Add
              public FunctionDecl operator() 'float (float, float) const' __device__
                ParmVarDecl a 'float'
                ParmVarDecl b 'float'
                CompoundStmt
                  ReturnStmt
                    BinaryOperator '+'
                      DeclRefExpr a
                      DeclRefExpr b
            TemplateDecl
              TemplateTypeParmDecl Op
              FunctionDecl reduce 'void (const float *, float *, Op)' __global__
                ParmVarDecl in 'const float *'
                ParmVarDecl out 'float *'
                ParmVarDecl op 'Op'
                CompoundStmt
                  BinaryOperator '='
                    ArraySubscriptExpr
                      DeclRefExpr out
                      IntegerLiteral 0
                    CallExpr
                      DeclRefExpr op
                      ArraySubscriptExpr
                        DeclRefExpr in
                        IntegerLiteral 0
                      ArraySubscriptExpr
                        DeclRefExpr in
                        IntegerLiteral 1
            FunctionDecl run 'void (const float *, float *)'
              ParmVarDecl i 'const float *'
              ParmVarDecl o 'float *'
              CompoundStmt
                CUDAKernelCallExpr
                  DeclRefExpr reduce<Add>
                  KernelLaunchConfig
                    IntegerLiteral 1
                    IntegerLiteral 1
                  DeclRefExpr i
                  DeclRefExpr o
                  CXXFunctionalCastExpr 'Add'
                CUDAKernelCallExpr
                  DeclRefExpr reduce
                  KernelLaunchConfig
                    IntegerLiteral 1
                    IntegerLiteral 1
                  DeclRefExpr i
                  DeclRefExpr o
                  CXXFunctionalCastExpr 'Add' list
        "#,
    );
}

#[test]
fn dependent_names_need_typename() {
    check(
        "template <typename T> struct Box { typedef T value_type; static const int n = 1; };\n\
         template <typename B> __device__ typename B::value_type get(B b) { typename B::value_type v = B::n * 2; return v; }",
        r#"
            TemplateDecl
              TemplateTypeParmDecl T
              RecordDecl struct Box
                public TypedefDecl value_type 'T'
                public VarDecl n 'const int' static
                  IntegerLiteral 1
            TemplateDecl
              TemplateTypeParmDecl B
              FunctionDecl get 'B::value_type (B)' __device__
                ParmVarDecl b 'B'
                CompoundStmt
                  DeclStmt
                    VarDecl v 'B::value_type'
                      BinaryOperator '*'
                        DeclRefExpr B::n
                        IntegerLiteral 2
                  ReturnStmt
                    DeclRefExpr v
        "#,
    );
}

#[test]
fn member_templates() {
    check(
        "struct L { template <int N> __device__ float load(const float *p) const { return p[N]; } };\n\
         template <typename T> __device__ float f(const L &l, T t, const float *p) { return l.load<2>(p) + t.template get<1>(); }",
        r#"
            RecordDecl struct L
              public TemplateDecl
                NonTypeTemplateParmDecl N 'int'
                FunctionDecl load 'float (const float *) const' __device__
                  ParmVarDecl p 'const float *'
                  CompoundStmt
                    ReturnStmt
                      ArraySubscriptExpr
                        DeclRefExpr p
                        DeclRefExpr N
            TemplateDecl
              TemplateTypeParmDecl T
              FunctionDecl f 'float (const L &, T, const float *)' __device__
                ParmVarDecl l 'const L &'
                ParmVarDecl t 'T'
                ParmVarDecl p 'const float *'
                CompoundStmt
                  ReturnStmt
                    BinaryOperator '+'
                      CallExpr
                        MemberExpr .load<2>
                          DeclRefExpr l
                        DeclRefExpr p
                      CallExpr
                        MemberExpr .get<1>
                          DeclRefExpr t
        "#,
    );
}

#[test]
fn alias_and_variable_templates() {
    check(
        "template <typename T> using Ptr = T *; Ptr<float> p; template <typename T> constexpr T pi = T(3.14159); float f = pi<float>;",
        r#"
            TemplateDecl
              TemplateTypeParmDecl T
              TypeAliasDecl Ptr 'T *'
            VarDecl p 'Ptr<float>'
            TemplateDecl
              TemplateTypeParmDecl T
              VarDecl pi 'T' constexpr
                CXXFunctionalCastExpr 'T'
                  FloatingLiteral 3.14159
            VarDecl f 'float'
              DeclRefExpr pi<float>
        "#,
    );
}

#[test]
fn non_type_parameters_of_dependent_type() {
    check(
        "template <typename T, typename T::value_type V, bool B = (sizeof(T) > 4)> struct X {};",
        r#"
            TemplateDecl
              TemplateTypeParmDecl T
              NonTypeTemplateParmDecl V 'T::value_type'
              NonTypeTemplateParmDecl B 'bool'
                ParenExpr
                  BinaryOperator '>'
                    UnaryExprOrTypeTraitExpr sizeof 'T'
                    IntegerLiteral 4
              RecordDecl struct X
        "#,
    );
}

#[test]
fn injected_class_name_in_a_template() {
    check(
        "template <typename T> struct P { T a; __device__ P(T x) : a(x) {} __device__ P operator+(const P &o) const { return P(a + o.a); } };",
        r#"
            TemplateDecl
              TemplateTypeParmDecl T
              RecordDecl struct P
                public VarDecl a 'T'
                public CXXConstructorDecl P 'void (T)' __device__
                  ParmVarDecl x 'T'
                  CXXCtorInitializer a
                    DeclRefExpr x
                  CompoundStmt
                public FunctionDecl operator+ 'P (const P &) const' __device__
                  ParmVarDecl o 'const P &'
                  CompoundStmt
                    ReturnStmt
                      CXXFunctionalCastExpr 'P'
                        BinaryOperator '+'
                          DeclRefExpr a
                          MemberExpr .a
                            DeclRefExpr o
        "#,
    );
}

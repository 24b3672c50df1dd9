//! The built-in headers' structs that the runtime fills in for host code
//! have the layout of the CPU ABI's tables.

use super::Lowerer;
use crate::cuda::ast::DeclKind;
use crate::cuda::sema::types::CType;
use crate::cuda::{PreprocessOptions, Source, parse, preprocess};
use cuwasm_dialects::cpu_abi::device_prop;

/// `struct cudaDeviceProp` of `driver_types.h` (host side): each field's
/// name, offset and size as `cpu_abi::device_prop` places it.
#[test]
fn device_prop_is_laid_out_as_the_abi_table() {
    let text = "#include <cuda_runtime.h>\ncudaDeviceProp probe;\n";
    let source = Source::Text { name: "t.cu", text };
    let pp = preprocess(source, &PreprocessOptions::for_side(false)).expect("preprocesses");
    let tu = parse(&pp).expect("parses");
    let mut ctx = cuwasm::Context::new();
    cuwasm_dialects::register_all(&mut ctx);
    let l = Lowerer::new(&mut ctx, &pp, &tu);
    let probe = tu
        .decls
        .iter()
        .find_map(|d| match &d.kind {
            DeclKind::Var(v) if l.spelling(v.name.sym) == "probe" => Some(v),
            _ => None,
        })
        .expect("the probe variable");
    let Ok(CType::Struct(s)) = l.resolve(&probe.ty) else {
        panic!("cudaDeviceProp is not a struct");
    };
    let header: Vec<(&str, u64, Option<u64>)> = s
        .fields
        .as_ref()
        .expect("complete")
        .iter()
        .map(|f| (l.spelling(f.name), f.offset, f.ty.size()))
        .collect();
    let (fields, size) = device_prop::layout();
    let abi: Vec<(&str, u64, Option<u64>)> = fields
        .iter()
        .map(|f| (f.name, f.offset, Some(f.elem.size() * f.count)))
        .collect();
    assert_eq!(header, abi);
    assert_eq!(s.size, size);
}

//! The IR core's API: builder and insertion points, use lists and
//! replace-all-uses, erase/move/clone, symbol lookup, folding hooks and the
//! verifier's dominance rules across blocks.

use cuwasm::{
    Builder, Context, FoldResult, InsertPoint, IrMapping, OpId, OpView, PrintOptions, ValueDef,
};
use cuwasm_dialects::arith::{self, AddIOp, ConstantOp, MulIOp};

fn ctx() -> Context {
    cuwasm_tools::registered_context()
}

fn parse(ctx: &mut Context, text: &str) -> OpId {
    cuwasm::parse_module(ctx, "t.mlir", text)
        .unwrap_or_else(|d| panic!("{}", ctx.render_diagnostic(&d)))
}

const FUNC: &str = r#""func.func"() <{function_type = (i32) -> i32, sym_name = "f"}> ({
^bb0(%arg0: i32):
  %0 = "arith.addi"(%arg0, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  %1 = "arith.muli"(%0, %arg0) <{overflowFlags = #arith.overflow<none>}> : (i32, i32) -> i32
  "func.return"(%1) : (i32) -> ()
}) : () -> ()
"#;

fn func_body(ctx: &Context, module: OpId) -> (OpId, cuwasm::BlockId) {
    let module_block = ctx.entry_block(ctx.region(module, 0)).unwrap();
    let func = ctx.first_op(module_block).unwrap();
    (func, ctx.entry_block(ctx.region(func, 0)).unwrap())
}

#[test]
fn builder_inserts_in_order_and_results_are_typed() {
    let mut ctx = ctx();
    let module = parse(&mut ctx, FUNC);
    let (_, body) = func_body(&ctx, module);
    let ret = ctx.last_op(body).unwrap();
    let arg = ctx.block_arg(body, 0);
    let mut b = Builder::new(
        &mut ctx,
        InsertPoint::Before(ret),
        cuwasm::Location(ctx_unknown()),
    );
    let seven = b.int_attr(b.i32(), 7);
    let c = arith::constant(&mut b, seven);
    let sum = arith::binary::<AddIOp>(&mut b, arg, c);
    assert_eq!(b.value_type(sum), b.i32());
    let names: Vec<&str> = ctx.block_ops(body).map(|o| ctx.op_name_text(o)).collect();
    assert_eq!(
        names,
        [
            "arith.addi",
            "arith.muli",
            "arith.constant",
            "arith.addi",
            "func.return"
        ]
    );
    ctx.verify(module).unwrap();
}

fn ctx_unknown() -> cuwasm::Attr {
    Context::new().unknown_loc().0
}

#[test]
fn replace_all_uses_updates_every_user() {
    let mut ctx = ctx();
    let module = parse(&mut ctx, FUNC);
    let (_, body) = func_body(&ctx, module);
    let add = ctx.first_op(body).unwrap();
    let arg = ctx.block_arg(body, 0);
    assert_eq!(ctx.uses(arg).len(), 3);
    let sum = ctx.result(add, 0);
    ctx.replace_all_uses(arg, sum);
    // The add now uses itself: the verifier must reject that (a use not dominated).
    assert!(ctx.verify(module).is_err());
    // Back again: all four uses of the sum (the three moved ones and mul's) go to the argument.
    ctx.replace_all_uses(sum, arg);
    assert_eq!(ctx.uses(sum).len(), 0);
    assert_eq!(ctx.uses(arg).len(), 4);
    for u in ctx.uses(arg) {
        assert_eq!(ctx.operand(u.op, u.index as usize), arg);
    }
}

#[test]
fn erase_move_and_clone() {
    let mut ctx = ctx();
    let module = parse(&mut ctx, FUNC);
    let (func, body) = func_body(&ctx, module);
    let add = ctx.first_op(body).unwrap();
    let mul = ctx.next_op(add).unwrap();
    // Clone the function; the copy is independent and has its own values.
    let mut map = IrMapping::default();
    let copy = ctx.clone_op(func, &mut map);
    ctx.insert_op_after(func, copy);
    ctx.set_prop(copy, "sym_name", Some(ctx.string_attr("g")));
    let copy_body = ctx.entry_block(ctx.region(copy, 0)).unwrap();
    assert_ne!(ctx.block_arg(copy_body, 0), ctx.block_arg(body, 0));
    ctx.verify(module).unwrap();
    // Replace mul by add's result and erase it.
    let add_result = ctx.result(add, 0);
    ctx.replace_op(mul, &[add_result]);
    assert!(ctx.is_erased(mul));
    ctx.verify(module).unwrap();
    // Moving the return before the add breaks dominance of its operand.
    let ret = ctx.last_op(body).unwrap();
    ctx.move_op_before(ret, add);
    let err = ctx.verify(module).unwrap_err();
    assert!(
        err.message.contains("must be the last operation"),
        "{}",
        err.message
    );
    ctx.move_op_to_end(ret, body);
    ctx.verify(module).unwrap();
    let new_add = ctx.clone_op(add, &mut IrMapping::default());
    ctx.insert_op_before(ret, new_add);
    ctx.set_operand(new_add, 0, add_result);
    ctx.verify(module).unwrap();
    ctx.move_op_before(new_add, add);
    let err = ctx.verify(module).unwrap_err();
    assert!(err.message.contains("does not dominate"), "{}", err.message);
}

#[test]
fn symbol_lookup_and_typed_views() {
    let mut ctx = ctx();
    let module = parse(
        &mut ctx,
        &format!(
            "{FUNC}\"func.func\"() <{{function_type = (i32) -> i32, sym_name = \"caller\"}}> ({{\n^bb0(%arg0: i32):\n  %0 = \"func.call\"(%arg0) <{{callee = @f}}> : (i32) -> i32\n  \"func.return\"(%0) : (i32) -> ()\n}}) : () -> ()\n"
        ),
    );
    ctx.verify(module).unwrap();
    let f = ctx.lookup_symbol_in(module, "f").unwrap();
    let caller = ctx.lookup_symbol_in(module, "caller").unwrap();
    let call = ctx
        .first_op(ctx.entry_block(ctx.region(caller, 0)).unwrap())
        .unwrap();
    let callee = ctx.prop(call, "callee").unwrap();
    assert_eq!(ctx.lookup_symbol_from(call, callee), Some(f));
    assert_eq!(ctx.symbol_uses(module, "f"), vec![call]);
    let (_, body) = func_body(&ctx, module);
    let add = AddIOp::cast(&ctx, ctx.first_op(body).unwrap()).unwrap();
    assert_eq!(add.lhs(&ctx), ctx.block_arg(body, 0));
    assert!(MulIOp::cast(&ctx, add.0).is_none());
    assert!(matches!(
        ctx.value_def(add.result(&ctx)),
        ValueDef::Result { index: 0, .. }
    ));
}

#[test]
fn folders_compute_with_the_types_width() {
    let mut ctx = ctx();
    let text = r#""func.func"() <{function_type = () -> (i8, i1), sym_name = "k"}> ({
  %0 = "arith.constant"() <{value = 100 : i8}> : () -> i8
  %1 = "arith.addi"(%0, %0) <{overflowFlags = #arith.overflow<none>}> : (i8, i8) -> i8
  %2 = "arith.cmpi"(%1, %0) <{predicate = 2 : i64}> : (i8, i8) -> i1
  "func.return"(%1, %2) : (i8, i1) -> ()
}) : () -> ()
"#;
    let module = parse(&mut ctx, text);
    ctx.verify(module).unwrap();
    let (_, body) = func_body(&ctx, module);
    let ops: Vec<OpId> = ctx.block_ops(body).collect();
    let c = ConstantOp::cast(&ctx, ops[0]).unwrap().value(&ctx);
    let fold = ctx.op_info(ops[1]).unwrap().fold.unwrap();
    let Some(res) = fold(&ctx, ops[1], &[Some(c), Some(c)]) else {
        panic!("addi did not fold")
    };
    let FoldResult::Attr(sum) = res[0] else {
        panic!("expected a constant")
    };
    assert_eq!(ctx.attr_int(sum), Some(-56), "100 + 100 wraps to -56 in i8");
    let cmp = ctx.op_info(ops[2]).unwrap().fold.unwrap();
    let FoldResult::Attr(lt) = cmp(&ctx, ops[2], &[Some(sum), Some(c)]).unwrap()[0] else {
        panic!()
    };
    assert_eq!(ctx.attr_int(lt), Some(1), "-56 <s 100");
    // x + 0 folds to x.
    let zero = ctx.int_attr(ctx.integer_type(8), 0);
    let r = fold(&ctx, ops[1], &[None, Some(zero)]).unwrap();
    assert_eq!(r[0], FoldResult::Value(ctx.operand(ops[1], 0)));
}

#[test]
fn printing_is_deterministic_and_parses_back() {
    let mut ctx = ctx();
    let module = parse(&mut ctx, FUNC);
    let a = ctx.print_op(module, PrintOptions::default());
    let b = ctx.print_op(module, PrintOptions::default());
    assert_eq!(a, b);
    let mut other = self::ctx();
    let again = parse(&mut other, &a);
    assert_eq!(other.print_op(again, PrintOptions::default()), a);
}

//! MLIR's generic textual format: [`lexer`], [`parser`], [`printer`].

pub mod lexer;
pub mod parser;
pub mod printer;

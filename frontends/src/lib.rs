//! # cuwasm-frontends
//!
//! `cuda/` (preprocessor, lexer, parser, semantic analysis, lowering of CUDA C++
//! into the cuda dialect) and `ptx/` (lexer, parser, lowering of PTX). Both are
//! built up by their issues; this crate holds their shared home.

pub mod cuda;

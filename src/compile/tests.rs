//! Unit tests of the code generator on hand-built syntax trees.

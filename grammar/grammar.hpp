// Umbrella header of the grammar: the whole-file rule, its error table and its selector.
// Only the parse step (engine/parse.cpp, engine/cst_to_ast.cpp) and grammar tests include it.
#pragma once

#include "grammar/declarations.hpp"
#include "grammar/errors.hpp"
#include "grammar/selector.hpp"

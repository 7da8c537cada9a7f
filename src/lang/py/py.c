/*
 * py.c - the Python front end's entry in the language table: the
 * grammar's names of the kinds the analysis dispatches on, and its
 * operations.
 *
 * A resource is a call (Python has no `new`): SYM_NEW and SYM_CALL are
 * both `call`, and the judging walk lowers a call before it runs the
 * rules' on_call hooks on it.
 */
#include "lang/py/py.h"

const char *const py_kinds[SYM__COUNT] = {
	[SYM_NEW] = "call",
	[SYM_PAIR] = "pair",
	/* Python has no shorthand property; a keyword argument is the other
	 * key-value kind that on_pair judges (pair_key() reads both) */
	[SYM_SHORTHAND] = "keyword_argument",
	[SYM_CALL] = "call",
	[SYM_OBJECT] = "dictionary",
	[SYM_COMMENT] = "comment",
	[SYM_IMPORT] = "import_statement",
	[SYM_FUNCTION_DECL] = "function_definition",
	/* x = v: on_binding hooks judge it (binding_parts()) */
	[SYM_DECLARATOR] = "assignment",
	[SYM_ARROW] = "lambda",
	[SYM_CLASS_DECL] = "class_definition",
	[SYM_STRING] = "string",
	[SYM_NUMBER] = "integer",
	[SYM_TYPE_ANNOTATION] = "type",
};

const struct lang_ops py_ops = {
	.collect = py_collect_node,
	.lazy = 0,
	.context_skip = py_context_skip,
	.lower = py_lower_resource,
	.component = py_resource_component,
	.conditional = py_resource_conditional,
	.canon_name = py_canon_name,
	.string_content = py_string_content,
	.pair_key = py_pair_key,
	.object_like = py_object_like,
	.object_get = py_object_get,
	.object_each = py_object_each,
	.number = py_number,
	.text_parts = py_text_parts,
	.classify = py_classify,
	.release = py_release,
};

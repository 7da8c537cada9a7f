/*
 * ts.c - the TypeScript front end's entry in the language table: the
 * grammar's names of the kinds the analysis dispatches on, and its
 * context pass (scope.c).
 */
#include "lang/ts/ts.h"
#include "lang/ts/lower.h"

const char *const ts_kinds[SYM__COUNT] = {
	[SYM_NEW] = "new_expression",
	[SYM_PAIR] = "pair",
	[SYM_SHORTHAND] = "shorthand_property_identifier",
	[SYM_CALL] = "call_expression",
	[SYM_OBJECT] = "object",
	[SYM_COMMENT] = "comment",
	[SYM_IMPORT] = "import_statement",
	[SYM_LEXICAL] = "lexical_declaration",
	[SYM_VARIABLE] = "variable_declaration",
	[SYM_FUNCTION_DECL] = "function_declaration",
	[SYM_GENERATOR_DECL] = "generator_function_declaration",
	[SYM_METHOD] = "method_definition",
	[SYM_ARROW] = "arrow_function",
	[SYM_FUNCTION_EXPR] = "function_expression",
	[SYM_EXPORT] = "export_statement",
	[SYM_CLASS_DECL] = "class_declaration",
	[SYM_ENUM_DECL] = "enum_declaration",
	[SYM_DECLARATOR] = "variable_declarator",
	[SYM_FIELD] = "public_field_definition",
	[SYM_ENUM_ASSIGN] = "enum_assignment",
	[SYM_STRING] = "string",
	[SYM_NUMBER] = "number",
	[SYM_REGEX] = "regex",
	[SYM_PROPERTY] = "property_identifier",
	[SYM_TYPE_ANNOTATION] = "type_annotation",
	[SYM_TYPE_ARGUMENTS] = "type_arguments",
	[SYM_TYPE_PARAMETERS] = "type_parameters",
	[SYM_INTERFACE] = "interface_declaration",
	[SYM_TYPE_ALIAS] = "type_alias_declaration",
};

const struct lang_ops ts_ops = {
	.collect = ts_collect_node,
	.notes = ts_note_excluded_imports,
	.lazy = 1,
	.lower = lower_resource,
	.component = ts_resource_component,
	.conditional = ts_resource_conditional,
	.find_export = ts_find_export,
};

#ifndef STACKGATE_LOWER_H
#define STACKGATE_LOWER_H

/*
 * The TypeScript (and JavaScript) front end's part of the model: the
 * syntax of a resource's construction, lowered into struct resource.
 */

#include "model/model.h"

/*
 * If `n` (a new_expression of c's file) constructs a class of a @pulumi
 * provider package, fill *out and return 1; else return 0 and leave
 * nothing to release. On 1 the caller releases *out with
 * resource_release(); its nodes are borrowed from c's tree.
 */
int lower_resource(struct resource *out, struct ctx *c, TSNode n);
/* resource_component() and resource_conditional() (model.h) for TypeScript. */
int ts_resource_component(const struct resource *r, struct resource_scope *out);
int ts_resource_conditional(const struct resource *r);

/* 1 if the class's `extends` names ComponentResource or *.ComponentResource. */
int class_extends_component(struct ctx *c, TSNode cls);

#endif

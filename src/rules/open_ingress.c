/*
 * open-admin-ingress
 *
 * Risk: a security group that lets 0.0.0.0/0 or ::/0 reach SSH (22), RDP
 * (3389) or every port puts the instance's login on the whole internet;
 * such ports are scanned and brute-forced within minutes.
 *
 * Violating:  ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }]
 *             new aws.vpc.SecurityGroupIngressRule(`all-${environmentSuffix}`, { securityGroupId: sg.id,
 *                 ipProtocol: '-1', cidrIpv4: '0.0.0.0/0' })
 * Compliant:  ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }]
 *             ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['10.0.0.0/16'] }]
 *
 * Limits: ports, protocol and CIDRs are read from literals and same-file
 * consts; anything else (a parameter, a computed port, `rules.map(...)`)
 * is unknown and never a finding. Egress and routes are not judged.
 * Security groups referenced as sources (sourceSecurityGroupId) are fine.
 */
#include "rules/rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RULE "open-admin-ingress"

struct open_admin_ingress_settings {
	struct strlist open_cidrs;
	struct strlist admin_ports;
	struct strlist all_protocols;
	struct strlist icmp_protocols;
	struct strlist inline_rule_types;
	struct strlist rule_types;
	struct strlist ingress_rule_types;
};

/* Field names of one ingress shape. */
struct shape {
	const char *protocol, *v4, *v6;
	int arrays;		/* cidrBlocks: [...] rather than cidrIpv4: '...' */
};

static const struct shape sg_shape = { "protocol", "cidrBlocks", "ipv6CidrBlocks", 1 };
static const struct shape vpc_shape = { "ipProtocol", "cidrIpv4", "cidrIpv6", 0 };

/* A literal integer (22, -1, '22'), directly or through consts. */
static int int_value(struct ctx *c, TSNode n, long *out)
{
	const char *s, *t;
	size_t len;
	char tmp[32], *end;
	int neg = 0;
	TSNode lit;

	n = value_unwrap(c, n);
	if ((node_is(n, "unary_expression") || node_is(n, "unary_operator")) && ts_node_child_count(n) == 2 &&
	    node_is(ts_node_child(n, 0), "-")) {
		neg = 1;
		n = value_unwrap(c, ts_node_named_child(n, 0));
	}
	if (number_literal(n)) {
		t = node_text(c, n, &len);
	} else if (!neg && value_static_text(c, n, &s, &len, &lit)) {
		t = s;
	} else {
		return 0;
	}
	if (!len || len >= sizeof(tmp))
		return 0;
	memcpy(tmp, t, len);
	tmp[len] = '\0';
	*out = strtol(tmp, &end, 10);
	if (*end)
		return 0;
	if (neg)
		*out = -*out;
	return 1;
}

enum proto { PROTO_UNKNOWN, PROTO_PORTS, PROTO_ALL, PROTO_ICMP };

/* The protocol: a literal ('tcp', '-1', -1, 'all') or an enum member
 * (aws.ec2.ProtocolType.All -> "all"); absent: the ports decide. */
static enum proto protocol_of(struct ctx *c, TSNode value, TSNode *at)
{
	const struct open_admin_ingress_settings *conf = rule_settings(c, RULE_OPEN_ADMIN_INGRESS);
	struct buf name = BUF_INIT;
	const char *s = NULL;
	size_t len = 0;
	char num[24];
	long l;
	TSNode lit, n, obj, prop;
	enum proto p = PROTO_UNKNOWN;

	if (ts_node_is_null(value))
		return PROTO_PORTS;
	*at = value;
	n = value_unwrap(c, value);
	if (value_static_text(c, value, &s, &len, &lit)) {
		/* s, len set */
	} else if (int_value(c, value, &l)) {
		snprintf(num, sizeof(num), "%ld", l);
		s = num;
		len = strlen(num);
	} else if (member_parts(n, &obj, &prop) && canon_name(c, n, &name)) {
		s = strrchr(name.ptr, '.') + 1;
		len = strlen(s);
	} else {
		goto out;
	}
	if (list_has_ci(&conf->all_protocols, s, len))
		p = PROTO_ALL;
	else if (list_has_ci(&conf->icmp_protocols, s, len))
		p = PROTO_ICMP;
	else
		p = PROTO_PORTS;
out:
	buf_release(&name);
	return p;
}

/* 1 if `value` is (or, for arrays, holds) an open CIDR; *at: where it is used. */
static int open_cidr(struct ctx *c, TSNode value, int is_array, TSNode *at, struct buf *cidr)
{
	const struct open_admin_ingress_settings *conf = rule_settings(c, RULE_OPEN_ADMIN_INGRESS);
	const char *s;
	size_t len;
	TSNode lit, arr;
	uint32_t i, n;

	if (ts_node_is_null(value))
		return 0;
	if (!is_array) {
		if (!value_static_text(c, value, &s, &len, &lit) || !list_has_ci(&conf->open_cidrs, s, len))
			return 0;
		*at = value;
		buf_add(cidr, s, len);
		return 1;
	}
	arr = value_unwrap(c, value);
	if (!list_like(arr))
		return 0;
	n = ts_node_named_child_count(arr);
	for (i = 0; i < n; i++) {
		TSNode e = ts_node_named_child(arr, i);

		if (!value_static_text(c, e, &s, &len, &lit) || !list_has_ci(&conf->open_cidrs, s, len))
			continue;
		/* the element where the array is written here, else the array's use */
		*at = ts_node_eq(arr, value) ? e : value;
		buf_add(cidr, s, len);
		return 1;
	}
	return 0;
}

/* Judge one ingress rule object of `type`; `where` (may be NULL) names it in messages. */
static void check_rule(struct ctx *c, const char *type, const char *where, TSNode obj,
		       const struct shape *sh)
{
	const struct open_admin_ingress_settings *conf = rule_settings(c, RULE_OPEN_ADMIN_INGRESS);
	struct buf cidr = BUF_INIT, what = BUF_INIT;
	const struct strlist *admin = &conf->admin_ports;
	TSNode at4 = { 0 }, at6 = { 0 }, proto_at = { 0 }, cidr_at, at;
	TSNode from = object_get(c, obj, "fromPort"), to = object_get(c, obj, "toPort");
	enum proto p;
	long lo, hi;
	size_t i;

	if (!open_cidr(c, object_get(c, obj, sh->v4), sh->arrays, &at4, &cidr) &&
	    !open_cidr(c, object_get(c, obj, sh->v6), sh->arrays, &at6, &cidr))
		goto out;
	cidr_at = ts_node_is_null(at4) ? at6 : at4;
	p = protocol_of(c, object_get(c, obj, sh->protocol), &proto_at);
	if (p == PROTO_UNKNOWN || p == PROTO_ICMP)
		goto out;
	if (p == PROTO_ALL) {
		buf_puts(&what, "every port (protocol all)");
	} else {
		if (!int_value(c, from, &lo) || !int_value(c, to, &hi))
			goto out;	/* a port this file cannot see */
		if (lo <= 0 && hi >= 65535) {
			buf_puts(&what, "every port");
		} else {
			for (i = 0; i < admin->nr; i++) {
				long port = strtol(admin->items[i], NULL, 10);

				if (port < lo || port > hi)
					continue;
				if (lo == hi)
					buf_printf(&what, "admin port %ld", port);
				else
					buf_printf(&what, "ports %ld-%ld (including admin port %ld)", lo, hi, port);
				break;
			}
			if (!what.len)
				goto out;
		}
	}
	/* on the open source if that was added, else where the rule changed */
	at = node_on_added(c, cidr_at) ? cidr_at : node_on_added(c, from) ? from : node_on_added(c, to) ? to :
	     node_on_added(c, proto_at) ? proto_at : cidr_at;
	report_node(c, RULE, c->sev[RULE_OPEN_ADMIN_INGRESS], at, at, 0,
		    "narrow the source to a known range (the VPC CIDR, a VPN) or a security group "
		    "(sourceSecurityGroupId); reach instances through SSM Session Manager instead of open SSH/RDP",
		    "ingress open to the internet: %s%s%s lets %s reach %s",
		    where ? where : "", where ? " of " : "", type, cidr.ptr, what.ptr);
out:
	buf_release(&cidr);
	buf_release(&what);
}

static void rule_ingress_resource(struct ctx *c, const struct resource *r)
{
	const char *type = r->type;
	const struct open_admin_ingress_settings *conf = rule_settings(c, RULE_OPEN_ADMIN_INGRESS);

	/* the arguments as one object literal (not one Object.assign() puts together) */
	if (ts_node_is_null(r->props) || r->props_composed)
		return;
	if (strlist_has(&conf->inline_rule_types, type)) {
		TSNode arr = value_unwrap(c, resource_prop(r, "ingress"));
		uint32_t i, n;

		if (!list_like(arr))
			return;
		n = ts_node_named_child_count(arr);
		for (i = 0; i < n; i++) {
			TSNode rule = value_unwrap(c, ts_node_named_child(arr, i));

			/* an object literal; Python's dict or SecurityGroupIngressArgs(...) */
			if (object_literal(c, rule))
				check_rule(c, type, "'ingress'", rule, &sg_shape);
		}
	} else if (strlist_has(&conf->rule_types, type)) {
		TSNode t = resource_prop(r, "type"), lit;
		const char *s;
		size_t len;

		/* type: 'ingress' only; egress and unknown types are not judged */
		if (value_static_text(c, t, &s, &len, &lit) && len == 7 && !strncasecmp(s, "ingress", 7))
			check_rule(c, type, NULL, r->props, &sg_shape);
	} else if (strlist_has(&conf->ingress_rule_types, type)) {
		check_rule(c, type, NULL, r->props, &vpc_shape);
	}
}

static const struct key_def keys[] = {
	RULE_KEY(open_admin_ingress_settings, K_LIST, open_cidrs),
	RULE_KEY(open_admin_ingress_settings, K_LIST, admin_ports),
	RULE_KEY(open_admin_ingress_settings, K_LIST, all_protocols),
	RULE_KEY(open_admin_ingress_settings, K_LIST, icmp_protocols),
	RULE_KEY(open_admin_ingress_settings, K_LIST, inline_rule_types),
	RULE_KEY(open_admin_ingress_settings, K_LIST, rule_types),
	RULE_KEY(open_admin_ingress_settings, K_LIST, ingress_rule_types),
	{ NULL, K_LIST, 0 },
};

const struct rule_def rule_open_admin_ingress = {
	.id = RULE,
	.summary = "a security group lets 0.0.0.0/0 or ::/0 reach SSH, RDP or every port",
	.explain =
		"Catches: ingress from an open CIDR (open_cidrs: 0.0.0.0/0, ::/0) to an admin port\n"
		"(admin_ports: 22, 3389; a range fromPort <= port <= toPort counts), to every port\n"
		"(0-65535), or with protocol all (all_protocols: -1, all), written as\n"
		"  - inline `ingress: [{ protocol, fromPort, toPort, cidrBlocks, ipv6CidrBlocks }]` of\n"
		"    aws.ec2.SecurityGroup / DefaultSecurityGroup (inline_rule_types),\n"
		"  - aws.ec2.SecurityGroupRule with type 'ingress' (rule_types),\n"
		"  - aws.vpc.SecurityGroupIngressRule { ipProtocol, fromPort, toPort, cidrIpv4, cidrIpv6 }\n"
		"    (ingress_rule_types).\n"
		"Values are literals or same-file consts; enum members (aws.ec2.ProtocolType.All) count.\n"
		"\n"
		"Why: SSH and RDP open to the internet are scanned and brute-forced within minutes; an\n"
		"all-ports rule exposes every service on the instance.\n"
		"\n"
		"Bad:   ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }]\n"
		"       new aws.vpc.SecurityGroupIngressRule(`all-${environmentSuffix}`, {\n"
		"           securityGroupId: sg.id, ipProtocol: '-1', cidrIpv4: '0.0.0.0/0' })\n"
		"Good:  ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] }]\n"
		"       ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: [vpc.cidrBlock] }]\n"
		"\n"
		"Python (a keyword argument is the property: master_password reads as masterPassword):\n"
		"Bad:   aws.ec2.SecurityGroupIngressArgs(protocol=\"tcp\", from_port=22, to_port=22, cidr_blocks=[\"0.0.0.0/0\"])\n"
		"Good:  aws.ec2.SecurityGroupIngressArgs(protocol=\"tcp\", from_port=22, to_port=22, cidr_blocks=[vpc.cidr_block])\n"
		"\n"
		"Not findings: egress (open egress is normal), routes (destinationCidrBlock), ICMP\n"
		"(icmp_protocols: its ports are type and code), a port, protocol or CIDR this file\n"
		"cannot see (a parameter, a computed value), sources given as security groups.\n"
		"\n"
		"Tune: [rule \"open-admin-ingress\"] severity, exclude, open_cidrs, admin_ports (add 5432,\n"
		"3306, 6379 to guard databases too), all_protocols, icmp_protocols, inline_rule_types,\n"
		"rule_types, ingress_rule_types. A bastion meant to be open belongs in `exclude` by path.\n",
	.keys = keys,
	.settings_size = sizeof(struct open_admin_ingress_settings),
	.on_resource = rule_ingress_resource,
};

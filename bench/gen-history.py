#!/usr/bin/env python3
"""gen-history.py: write a `git fast-import` stream of a Pulumi TypeScript
project's history, for the benchmark (bench/run.sh).

    python3 bench/gen-history.py --commits N [--seed S] [--staged-change] \
        | git -C REPO fast-import --quiet

The project looks like the ones stackgate guards: bin/tap.ts, a TapStack
component in lib/tap-stack.ts wiring one component per concern
(lib/storage-stack.ts, lib/compute-stack.ts, ...), unit tests, README.md,
package.json, Pulumi.yaml. Resources are named with ${environmentSuffix}
and secrets come from config.requireSecret(). Commit by commit the stack
files grow to several hundred lines and keep changing: resource blocks
are added, edited and removed, new stacks appear and are wired in, a file
is renamed now and then, pull requests are merged (merge commits), and
docs and package.json change. About 2% of the commits add a violation (a
literal password or token, a fixed S3 bucket name, a name without the
suffix); some of them are fixed a few commits later.

Refs written:
  refs/heads/main        commit N
  refs/tags/n<K>         commit K, for K = 0 (the scaffold), every
                         multiple of 500, and N; `n0..nN` is N commits
  refs/heads/staged      (--staged-change) one more commit on top of main
                         changing 3 TypeScript files by about 100 lines:
                         the pre-commit workload stages it
                         (`git reset --soft main`).

Deterministic: the same seed gives the same history, byte for byte, and
commit K is the same whatever N is, for K up to the last multiple of 500
(so n1000 of a 10,000-commit history is n1000 of a 2,000-commit one). Commits counted by K are all commits,
merge commits and the commits of merged branches included; a merged
branch never straddles a tagged K.
"""

import argparse
import copy
import random
import sys

# --------------------------------------------------------------------------
# vocabulary

# --language python: the same project written in Pulumi Python
PY = False

DOMAINS = [
    ("storage", "StorageStack"), ("compute", "ComputeStack"),
    ("database", "DatabaseStack"), ("network", "NetworkStack"),
    ("monitoring", "MonitoringStack"), ("messaging", "MessagingStack"),
    ("api", "ApiStack"), ("security", "SecurityStack"),
    ("analytics", "AnalyticsStack"), ("ingest", "IngestStack"),
    ("billing", "BillingStack"), ("search", "SearchStack"),
    ("notifications", "NotificationsStack"), ("audit", "AuditStack"),
    ("reporting", "ReportingStack"), ("identity", "IdentityStack"),
    ("media", "MediaStack"), ("payments", "PaymentsStack"),
    ("scheduler", "SchedulerStack"), ("edge", "EdgeStack"),
]
MAX_STACKS = len(DOMAINS)

NOUNS = [
    "orders", "invoices", "customers", "sessions", "events", "uploads",
    "reports", "audit", "metrics", "exports", "imports", "thumbnails",
    "payments", "refunds", "ledger", "catalog", "inventory", "shipments",
    "tickets", "alerts", "jobs", "webhooks", "tokens", "profiles",
    "documents", "archive", "backups", "snapshots", "feeds", "queue",
    "search", "index", "pricing", "quotes", "subscriptions", "usage",
    "billing", "notifications", "emails", "sms", "devices", "telemetry",
]
AUTHORS = [
    ("Ana Souza", "ana.souza@example.com"), ("Ben Okafor", "ben.okafor@example.com"),
    ("Chloe Martin", "chloe.martin@example.com"), ("Dmitri Volkov", "dmitri.volkov@example.com"),
    ("Eva Lindqvist", "eva.lindqvist@example.com"), ("Farid Haddad", "farid.haddad@example.com"),
    ("Grace Lee", "grace.lee@example.com"), ("Hiro Tanaka", "hiro.tanaka@example.com"),
]
RUNTIMES = ["nodejs22.x", "nodejs24.x", "nodejs24.x", "python3.13"]
RETENTIONS = [7, 14, 30, 60, 90, 180, 365]
INSTANCE_CLASSES = ["db.t3.micro", "db.t3.small", "db.t3.medium", "db.r6g.large"]
PORTS = [443, 5432, 6379, 8080, 3306]
TAG_KEYS = ["Team", "CostCenter", "Owner", "Service", "DataClass", "Tier"]
TAG_VALUES = ["platform", "payments", "data", "core", "internal", "gold", "silver"]


def camel(slug):
    parts = slug.replace("_", "-").split("-")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def sfx(s):
    return "`%s-${environmentSuffix}`" % s


# --------------------------------------------------------------------------
# resource blocks: params (a dict) -> lines. Editing a block changes a
# param and re-renders it, so an edit changes a few lines.

def tags_lines(p, indent):
    pad = " " * indent
    out = [pad + "tags: {", pad + "  ...commonTags,"]
    for k, v in p["tags"]:
        out.append(pad + "  %s: '%s'," % (k, v))
    out.append(pad + "},")
    return out


def r_bucket(p):
    v, s = p["var"], p["slug"]
    lines = ["    // %s" % p["comment"],
             "    const %s = new aws.s3.BucketV2(%s, {" % (v, sfx(s + "-bucket"))]
    if p.get("viol") == "bucket":
        lines.append("      bucket: 'acme-%s-%s',"
                     % (s, p["viol_word"]))
    elif p["named"]:
        lines.append("      bucket: `acme-%s-${environmentSuffix}`," % s)
    lines.append("      forceDestroy: %s," % ("true" if p["force"] else "false"))
    lines += tags_lines(p, 6)
    lines += ["    }, { parent: this });",
              "",
              "    new aws.s3.BucketVersioningV2(%s, {" % sfx(s + "-versioning"),
              "      bucket: %s.id," % v,
              "      versioningConfiguration: { status: '%s' },"
              % ("Enabled" if p["versioning"] else "Suspended"),
              "    }, { parent: this });",
              "",
              "    new aws.s3.BucketServerSideEncryptionConfigurationV2(%s, {" % sfx(s + "-sse"),
              "      bucket: %s.id," % v,
              "      rules: [{",
              "        applyServerSideEncryptionByDefault: {",
              "          sseAlgorithm: '%s'," % p["sse"],
              "        },",
              "        bucketKeyEnabled: true,",
              "      }],",
              "    }, { parent: this });",
              "",
              "    new aws.s3.BucketPublicAccessBlock(%s, {" % sfx(s + "-pab"),
              "      bucket: %s.id," % v,
              "      blockPublicAcls: true,",
              "      blockPublicPolicy: true,",
              "      ignorePublicAcls: true,",
              "      restrictPublicBuckets: true,",
              "    }, { parent: this });"]
    if p["lifecycle"]:
        lines += ["",
                  "    new aws.s3.BucketLifecycleConfigurationV2(%s, {" % sfx(s + "-lifecycle"),
                  "      bucket: %s.id," % v,
                  "      rules: [{",
                  "        id: 'expire-old-objects',",
                  "        status: 'Enabled',",
                  "        expiration: { days: %d }," % p["lifecycle"],
                  "        noncurrentVersionExpiration: { noncurrentDays: %d }," % max(7, p["lifecycle"] // 3),
                  "      }],",
                  "    }, { parent: this });"]
    return lines


def r_lambda(p):
    v, s = p["var"], p["slug"]
    role = v + "Role"
    lines = ["    // %s" % p["comment"]]
    if p.get("viol") == "suffix":
        lines += ["    const %s = new aws.iam.Role('%s-role', {" % (role, s),
                  "      name: '%s-role'," % s]
    else:
        lines += ["    const %s = new aws.iam.Role(%s, {" % (role, sfx(s + "-role")),
                  "      name: %s," % sfx(s + "-role")]
    lines += ["      assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({",
              "        Service: 'lambda.amazonaws.com',",
              "      }),"]
    lines += tags_lines(p, 6)
    lines += ["    }, { parent: this });",
              "",
              "    new aws.iam.RolePolicyAttachment(%s, {" % sfx(s + "-basic-exec"),
              "      role: %s.name," % role,
              "      policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole,",
              "    }, { parent: this });",
              "",
              "    const %sLogs = new aws.cloudwatch.LogGroup(%s, {" % (v, sfx(s + "-logs")),
              "      name: `/aws/lambda/%s-${environmentSuffix}`," % s,
              "      retentionInDays: %d," % p["retention"],
              "    }, { parent: this });",
              "",
              "    const %s = new aws.lambda.Function(%s, {" % (v, sfx(s + "-fn")),
              "      name: %s," % sfx(s + "-fn"),
              "      role: %s.arn," % role,
              "      runtime: '%s'," % p["runtime"],
              "      handler: '%s'," % ("index.handler" if p["runtime"].startswith("node") else "app.handler"),
              "      memorySize: %d," % p["memory"],
              "      timeout: %d," % p["timeout"],
              "      architectures: ['%s']," % p["arch"],
              "      code: new pulumi.asset.AssetArchive({",
              "        '.': new pulumi.asset.FileArchive('./lambda/%s')," % s,
              "      }),",
              "      environment: {",
              "        variables: {",
              "          ENVIRONMENT: environmentSuffix,",
              "          LOG_LEVEL: '%s'," % p["log_level"]]
    for k in p["env"]:
        lines.append("          %s: %s" % (k[0], k[1]))
    if p.get("viol") == "secret":
        lines.append("          API_TOKEN: '%s'," % p["viol_word"])
    lines += ["        },",
              "      },"]
    if p["tracing"]:
        lines.append("      tracingConfig: { mode: 'Active' },")
    lines += tags_lines(p, 6)
    lines += ["    }, { parent: this, dependsOn: [%sLogs] });" % v]
    return lines


def r_table(p):
    v, s = p["var"], p["slug"]
    lines = ["    // %s" % p["comment"],
             "    const %s = new aws.dynamodb.Table(%s, {" % (v, sfx(s + "-table")),
             "      name: %s," % sfx(s),
             "      billingMode: '%s'," % p["billing"]]
    if p["billing"] == "PROVISIONED":
        lines += ["      readCapacity: %d," % p["rcu"], "      writeCapacity: %d," % p["rcu"]]
    lines += ["      hashKey: 'pk',",
              "      rangeKey: 'sk',",
              "      attributes: [",
              "        { name: 'pk', type: 'S' },",
              "        { name: 'sk', type: 'S' },"]
    for i in range(p["gsis"]):
        lines.append("        { name: 'gsi%dpk', type: 'S' }," % (i + 1))
    lines.append("      ],")
    if p["gsis"]:
        lines.append("      globalSecondaryIndexes: [")
        for i in range(p["gsis"]):
            lines += ["        {",
                      "          name: 'gsi%d'," % (i + 1),
                      "          hashKey: 'gsi%dpk'," % (i + 1),
                      "          projectionType: 'ALL',",
                      "        },"]
        lines.append("      ],")
    lines += ["      pointInTimeRecovery: { enabled: %s }," % ("true" if p["pitr"] else "false"),
              "      serverSideEncryption: { enabled: true },",
              "      streamEnabled: %s," % ("true" if p["stream"] else "false")]
    if p["stream"]:
        lines.append("      streamViewType: 'NEW_AND_OLD_IMAGES',")
    lines += tags_lines(p, 6)
    lines.append("    }, { parent: this });")
    return lines


def r_queue(p):
    v, s = p["var"], p["slug"]
    return ["    // %s" % p["comment"],
            "    const %sDlq = new aws.sqs.Queue(%s, {" % (v, sfx(s + "-dlq")),
            "      name: %s," % sfx(s + "-dlq"),
            "      messageRetentionSeconds: 1209600,",
            "    }, { parent: this });",
            "",
            "    const %s = new aws.sqs.Queue(%s, {" % (v, sfx(s + "-queue")),
            "      name: %s," % sfx(s + "-queue"),
            "      visibilityTimeoutSeconds: %d," % p["visibility"],
            "      messageRetentionSeconds: %d," % p["retention_s"],
            "      sqsManagedSseEnabled: true,",
            "      redrivePolicy: pulumi.jsonStringify({",
            "        deadLetterTargetArn: %sDlq.arn," % v,
            "        maxReceiveCount: %d," % p["max_receive"],
            "      }),"] + tags_lines(p, 6) + [
            "    }, { parent: this });"]


def r_alarm(p):
    v, s = p["var"], p["slug"]
    return ["    // %s" % p["comment"],
            "    const %sTopic = new aws.sns.Topic(%s, {" % (v, sfx(s + "-alarms")),
            "      name: %s," % sfx(s + "-alarms"),
            "      kmsMasterKeyId: 'alias/aws/sns',",
            "    }, { parent: this });",
            "",
            "    new aws.cloudwatch.MetricAlarm(%s, {" % sfx(s + "-errors"),
            "      name: %s," % sfx(s + "-errors"),
            "      comparisonOperator: 'GreaterThanOrEqualToThreshold',",
            "      evaluationPeriods: %d," % p["periods"],
            "      metricName: '%s'," % p["metric"],
            "      namespace: '%s'," % p["namespace"],
            "      period: %d," % p["period"],
            "      statistic: 'Sum',",
            "      threshold: %d," % p["threshold"],
            "      treatMissingData: 'notBreaching',",
            "      alarmDescription: '%s'," % p["comment"].replace("'", ""),
            "      alarmActions: [%sTopic.arn]," % v,
            "      okActions: [%sTopic.arn]," % v,
            "    }, { parent: this });"]


def r_database(p):
    v, s = p["var"], p["slug"]
    lines = ["    // %s" % p["comment"],
             "    const %sSubnets = new aws.rds.SubnetGroup(%s, {" % (v, sfx(s + "-subnets")),
             "      name: %s," % sfx(s + "-subnets"),
             "      subnetIds: args.privateSubnetIds,",
             "    }, { parent: this });",
             "",
             "    const %s = new aws.rds.Instance(%s, {" % (v, sfx(s + "-db")),
             "      identifier: %s," % sfx(s + "-db"),
             "      engine: 'postgres',",
             "      engineVersion: '%s'," % p["version"],
             "      instanceClass: '%s'," % p["class"],
             "      allocatedStorage: %d," % p["storage"],
             "      storageEncrypted: true,",
             "      dbName: '%s'," % s.replace("-", "_"),
             "      username: 'app',"]
    if p.get("viol") == "secret":
        lines.append("      password: '%s'," % p["viol_word"])
    else:
        lines.append("      password: config.requireSecret('%sDbPassword')," % camel(s))
    lines += ["      dbSubnetGroupName: %sSubnets.name," % v,
              "      vpcSecurityGroupIds: args.databaseSecurityGroupIds,",
              "      backupRetentionPeriod: %d," % p["backup"],
              "      multiAz: %s," % ("true" if p["multiaz"] else "false"),
              "      skipFinalSnapshot: true,",
              "      deletionProtection: false,"] + tags_lines(p, 6) + [
              "    }, { parent: this });"]
    return lines


def r_sg(p):
    v, s = p["var"], p["slug"]
    lines = ["    // %s" % p["comment"],
             "    const %s = new aws.ec2.SecurityGroup(%s, {" % (v, sfx(s + "-sg")),
             "      name: %s," % sfx(s + "-sg"),
             "      description: 'Access to %s from inside the VPC'," % s,
             "      vpcId: args.vpcId,",
             "      ingress: ["]
    for port in p["ports"]:
        lines += ["        {",
                  "          protocol: 'tcp',",
                  "          fromPort: %d," % port,
                  "          toPort: %d," % port,
                  "          cidrBlocks: [args.vpcCidr],",
                  "        },"]
    lines += ["      ],",
              "      egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }],"]
    lines += tags_lines(p, 6)
    lines.append("    }, { parent: this });")
    return lines


def r_secret(p):
    v, s = p["var"], p["slug"]
    lines = ["    // %s" % p["comment"],
             "    const %s = new aws.secretsmanager.Secret(%s, {" % (v, sfx(s + "-secret")),
             "      name: `%s/${environmentSuffix}/%s`," % (p["prefix"], s),
             "      recoveryWindowInDays: %d," % p["recovery"],
             "    }, { parent: this });",
             "",
             "    new aws.secretsmanager.SecretVersion(%s, {" % sfx(s + "-secret-version"),
             "      secretId: %s.id," % v]
    if p.get("viol") == "secret":
        lines.append("      secretString: '%s'," % p["viol_word"])
    else:
        lines.append("      secretString: config.requireSecret('%s')," % camel(s))
    lines.append("    }, { parent: this });")
    return lines


def r_kms(p):
    v, s = p["var"], p["slug"]
    return ["    // %s" % p["comment"],
            "    const %s = new aws.kms.Key(%s, {" % (v, sfx(s + "-key")),
            "      description: 'Encrypts %s data (%s)'," % (s, p["comment"][:30].replace("'", "")),
            "      enableKeyRotation: true,",
            "      deletionWindowInDays: %d," % p["window"],
            "    }, { parent: this });",
            "",
            "    new aws.kms.Alias(%s, {" % sfx(s + "-alias"),
            "      name: `alias/%s-${environmentSuffix}`," % s,
            "      targetKeyId: %s.keyId," % v,
            "    }, { parent: this });"]


def r_ecr(p):
    v, s = p["var"], p["slug"]
    return ["    // %s" % p["comment"],
            "    const %s = new aws.ecr.Repository(%s, {" % (v, sfx(s + "-repo")),
            "      name: %s," % sfx(s),
            "      imageTagMutability: '%s'," % p["mutability"],
            "      forceDelete: true,",
            "      imageScanningConfiguration: { scanOnPush: true },",
            "    }, { parent: this });",
            "",
            "    new aws.ecr.LifecyclePolicy(%s, {" % sfx(s + "-lifecycle"),
            "      repository: %s.name," % v,
            "      policy: JSON.stringify({",
            "        rules: [{",
            "          rulePriority: 1,",
            "          description: 'keep the last %d images'," % p["keep"],
            "          selection: {",
            "            tagStatus: 'any',",
            "            countType: 'imageCountMoreThan',",
            "            countNumber: %d," % p["keep"],
            "          },",
            "          action: { type: 'expire' },",
            "        }],",
            "      }),",
            "    }, { parent: this });"]


def r_param(p):
    v, s = p["var"], p["slug"]
    return ["    // %s" % p["comment"],
            "    new aws.ssm.Parameter(%s, {" % sfx(s + "-param"),
            "      name: `/%s/${environmentSuffix}/%s`," % (p["prefix"], s),
            "      type: 'String',",
            "      value: '%s'," % p["value"],
            "      description: '%s'," % p["comment"].replace("'", ""),
            "    }, { parent: this });"]


def r_policy(p):
    v, s = p["var"], p["slug"]
    lines = ["    // %s" % p["comment"],
             "    const %s = new aws.iam.Policy(%s, {" % (v, sfx(s + "-policy")),
             "      name: %s," % sfx(s + "-policy"),
             "      description: 'Least privilege for %s'," % s,
             "      policy: JSON.stringify({",
             "        Version: '2012-10-17',",
             "        Statement: ["]
    for act in p["actions"]:
        lines += ["          {",
                  "            Effect: 'Allow',",
                  "            Action: ['%s']," % act,
                  "            Resource: ['arn:aws:%s:*:*:%s-*']," % (act.split(":")[0], s),
                  "          },"]
    lines += ["        ],",
              "      }),",
              "    }, { parent: this });"]
    return lines


RENDER = {
    "bucket": r_bucket, "lambda": r_lambda, "table": r_table, "queue": r_queue,
    "alarm": r_alarm, "database": r_database, "sg": r_sg, "secret": r_secret,
    "kms": r_kms, "ecr": r_ecr, "param": r_param, "policy": r_policy,
}
# --------------------------------------------------------------------------
# the same project in Python (--language python): the blocks above rendered
# as Pulumi Python (pulumi_aws, keyword arguments, f-strings,
# opts=pulumi.ResourceOptions(parent=self)), from the same params, so a
# Python history changes the way the TypeScript one does.

def snake(name):
    """ordersApiBucket, orders-api -> orders_api_bucket, orders_api"""
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in camel(name))


def psfx(s):
    return 'f"%s-{environment_suffix}"' % s


def p_tags(p, indent):
    pad = " " * indent
    out = [pad + "tags={", pad + "    **common_tags,"]
    for k, v in p["tags"]:
        out.append(pad + '    "%s": "%s",' % (k, v))
    out.append(pad + "},")
    return out


def p_call(var, typ, name, props, opts=""):
    """var = typ(name, key=value..., opts=...); props are lines already
    indented by 12, a list of strings."""
    head = "        %s = %s(" % (var, typ) if var else "        %s(" % typ
    return ([head, "            %s," % name] + props +
            ["            opts=pulumi.ResourceOptions(parent=self%s)," % opts, "        )"])


def pb(p):
    v, s = snake(p["var"]), p["slug"]
    props = []
    if p.get("viol") == "bucket":
        props.append('            bucket="acme-%s-%s",' % (s, p["viol_word"]))
    elif p["named"]:
        props.append('            bucket=f"acme-%s-{environment_suffix}",' % s)
    props.append("            force_destroy=%s," % ("True" if p["force"] else "False"))
    props += p_tags(p, 12)
    lines = ["        # %s" % p["comment"]] + p_call(v, "aws.s3.BucketV2", psfx(s + "-bucket"), props)
    lines += [""] + p_call(None, "aws.s3.BucketVersioningV2", psfx(s + "-versioning"), [
        "            bucket=%s.id," % v,
        "            versioning_configuration={\"status\": \"%s\"}," % ("Enabled" if p["versioning"] else "Suspended")])
    lines += [""] + p_call(None, "aws.s3.BucketServerSideEncryptionConfigurationV2", psfx(s + "-sse"), [
        "            bucket=%s.id," % v,
        "            rules=[{",
        "                \"apply_server_side_encryption_by_default\": {\"sse_algorithm\": \"%s\"}," % p["sse"],
        "                \"bucket_key_enabled\": True,",
        "            }],"])
    lines += [""] + p_call(None, "aws.s3.BucketPublicAccessBlock", psfx(s + "-pab"), [
        "            bucket=%s.id," % v,
        "            block_public_acls=True,",
        "            block_public_policy=True,",
        "            ignore_public_acls=True,",
        "            restrict_public_buckets=True,"])
    if p["lifecycle"]:
        lines += [""] + p_call(None, "aws.s3.BucketLifecycleConfigurationV2", psfx(s + "-lifecycle"), [
            "            bucket=%s.id," % v,
            "            rules=[{",
            "                \"id\": \"expire-old-objects\",",
            "                \"status\": \"Enabled\",",
            "                \"expiration\": {\"days\": %d}," % p["lifecycle"],
            "                \"noncurrent_version_expiration\": {\"noncurrent_days\": %d}," % max(7, p["lifecycle"] // 3),
            "            }],"])
    return lines


def py_env_value(k, v):
    """A Lambda environment value of the TypeScript blocks, in Python."""
    if v.startswith("`"):
        return 'f"%s-{environment_suffix}",' % v[1:v.index("-${")]
    if v.startswith("process.env."):
        return 'os.environ.get("%s", ""),' % v[len("process.env."):v.index(" ??")]
    if v.startswith("args."):
        return "args.%s," % snake(v[5:-1])
    return v.replace("'", '"')


def pl(p):
    v, s = snake(p["var"]), p["slug"]
    role = v + "_role"
    if p.get("viol") == "suffix":
        rl = p_call(role, "aws.iam.Role", '"%s-role"' % s, ['            name="%s-role",' % s])
    else:
        rl = p_call(role, "aws.iam.Role", psfx(s + "-role"), ["            name=%s," % psfx(s + "-role")])
    rl[-3:-3] = ["            assume_role_policy=json.dumps({",
                 "                \"Version\": \"2012-10-17\",",
                 "                \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\",",
                 "                               \"Principal\": {\"Service\": \"lambda.amazonaws.com\"}}],",
                 "            }),"] + p_tags(p, 12)
    lines = ["        # %s" % p["comment"]] + rl
    lines += [""] + p_call(None, "aws.iam.RolePolicyAttachment", psfx(s + "-basic-exec"), [
        "            role=%s.name," % role,
        "            policy_arn=aws.iam.ManagedPolicy.AWS_LAMBDA_BASIC_EXECUTION_ROLE,"])
    lines += [""] + p_call(v + "_logs", "aws.cloudwatch.LogGroup", psfx(s + "-logs"), [
        "            name=f\"/aws/lambda/%s-{environment_suffix}\"," % s,
        "            retention_in_days=%d," % p["retention"]])
    env = ["            environment={",
           "                \"variables\": {",
           "                    \"ENVIRONMENT\": environment_suffix,",
           "                    \"LOG_LEVEL\": \"%s\"," % p["log_level"]]
    for k in p["env"]:
        env.append("                    \"%s\": %s" % (k[0], py_env_value(k[0], k[1])))
    if p.get("viol") == "secret":
        env.append("                    \"API_TOKEN\": \"%s\"," % p["viol_word"])
    env += ["                },", "            },"]
    props = ["            name=%s," % psfx(s + "-fn"),
             "            role=%s.arn," % role,
             "            runtime=\"%s\"," % p["runtime"],
             "            handler=\"%s\"," % ("index.handler" if p["runtime"].startswith("node") else "app.handler"),
             "            memory_size=%d," % p["memory"],
             "            timeout=%d," % p["timeout"],
             "            architectures=[\"%s\"]," % p["arch"],
             "            code=pulumi.AssetArchive({",
             "                \".\": pulumi.FileArchive(\"./lambda/%s\")," % s,
             "            }),"] + env
    if p["tracing"]:
        props.append("            tracing_config={\"mode\": \"Active\"},")
    props += p_tags(p, 12)
    lines += [""] + p_call(v, "aws.lambda_.Function", psfx(s + "-fn"), props, ", depends_on=[%s_logs]" % v)
    return lines


def pt(p):
    v, s = snake(p["var"]), p["slug"]
    props = ["            name=%s," % psfx(s), "            billing_mode=\"%s\"," % p["billing"]]
    if p["billing"] == "PROVISIONED":
        props += ["            read_capacity=%d," % p["rcu"], "            write_capacity=%d," % p["rcu"]]
    props += ["            hash_key=\"pk\",", "            range_key=\"sk\",", "            attributes=[",
              "                {\"name\": \"pk\", \"type\": \"S\"},", "                {\"name\": \"sk\", \"type\": \"S\"},"]
    for i in range(p["gsis"]):
        props.append("                {\"name\": \"gsi%dpk\", \"type\": \"S\"}," % (i + 1))
    props.append("            ],")
    if p["gsis"]:
        props.append("            global_secondary_indexes=[")
        for i in range(p["gsis"]):
            props.append("                {\"name\": \"gsi%d\", \"hash_key\": \"gsi%dpk\", \"projection_type\": \"ALL\"},"
                         % (i + 1, i + 1))
        props.append("            ],")
    props += ["            point_in_time_recovery={\"enabled\": %s}," % ("True" if p["pitr"] else "False"),
              "            server_side_encryption={\"enabled\": True},",
              "            stream_enabled=%s," % ("True" if p["stream"] else "False")]
    if p["stream"]:
        props.append("            stream_view_type=\"NEW_AND_OLD_IMAGES\",")
    props += p_tags(p, 12)
    return ["        # %s" % p["comment"]] + p_call(v, "aws.dynamodb.Table", psfx(s + "-table"), props)


def pq(p):
    v, s = snake(p["var"]), p["slug"]
    return (["        # %s" % p["comment"]] +
            p_call(v + "_dlq", "aws.sqs.Queue", psfx(s + "-dlq"), [
                "            name=%s," % psfx(s + "-dlq"), "            message_retention_seconds=1209600,"]) +
            [""] + p_call(v, "aws.sqs.Queue", psfx(s + "-queue"), [
                "            name=%s," % psfx(s + "-queue"),
                "            visibility_timeout_seconds=%d," % p["visibility"],
                "            message_retention_seconds=%d," % p["retention_s"],
                "            sqs_managed_sse_enabled=True,",
                "            redrive_policy=%s_dlq.arn.apply(lambda arn: json.dumps({" % v,
                "                \"deadLetterTargetArn\": arn,",
                "                \"maxReceiveCount\": %d," % p["max_receive"],
                "            })),"] + p_tags(p, 12)))


def pa(p):
    v, s = snake(p["var"]), p["slug"]
    return (["        # %s" % p["comment"]] +
            p_call(v + "_topic", "aws.sns.Topic", psfx(s + "-alarms"), [
                "            name=%s," % psfx(s + "-alarms"), "            kms_master_key_id=\"alias/aws/sns\","]) +
            [""] + p_call(None, "aws.cloudwatch.MetricAlarm", psfx(s + "-errors"), [
                "            name=%s," % psfx(s + "-errors"),
                "            comparison_operator=\"GreaterThanOrEqualToThreshold\",",
                "            evaluation_periods=%d," % p["periods"],
                "            metric_name=\"%s\"," % p["metric"],
                "            namespace=\"%s\"," % p["namespace"],
                "            period=%d," % p["period"],
                "            statistic=\"Sum\",",
                "            threshold=%d," % p["threshold"],
                "            treat_missing_data=\"notBreaching\",",
                "            alarm_description=\"%s\"," % p["comment"].replace('"', ""),
                "            alarm_actions=[%s_topic.arn]," % v,
                "            ok_actions=[%s_topic.arn]," % v]))


def pd(p):
    v, s = snake(p["var"]), p["slug"]
    if p.get("viol") == "secret":
        pw = "            password=\"%s\"," % p["viol_word"]
    else:
        pw = "            password=config.require_secret(\"%sDbPassword\")," % camel(s)
    return (["        # %s" % p["comment"]] +
            p_call(v + "_subnets", "aws.rds.SubnetGroup", psfx(s + "-subnets"), [
                "            name=%s," % psfx(s + "-subnets"), "            subnet_ids=args.private_subnet_ids,"]) +
            [""] + p_call(v, "aws.rds.Instance", psfx(s + "-db"), [
                "            identifier=%s," % psfx(s + "-db"),
                "            engine=\"postgres\",",
                "            engine_version=\"%s\"," % p["version"],
                "            instance_class=\"%s\"," % p["class"],
                "            allocated_storage=%d," % p["storage"],
                "            storage_encrypted=True,",
                "            db_name=\"%s\"," % s.replace("-", "_"),
                "            username=\"app\",", pw,
                "            db_subnet_group_name=%s_subnets.name," % v,
                "            vpc_security_group_ids=args.database_security_group_ids,",
                "            backup_retention_period=%d," % p["backup"],
                "            multi_az=%s," % ("True" if p["multiaz"] else "False"),
                "            skip_final_snapshot=True,",
                "            deletion_protection=False,"] + p_tags(p, 12)))


def psg(p):
    v, s = snake(p["var"]), p["slug"]
    props = ["            name=%s," % psfx(s + "-sg"),
             "            description=\"Access to %s from inside the VPC\"," % s,
             "            vpc_id=args.vpc_id,",
             "            ingress=["]
    for port in p["ports"]:
        props += ["                aws.ec2.SecurityGroupIngressArgs(",
                  "                    protocol=\"tcp\",",
                  "                    from_port=%d," % port,
                  "                    to_port=%d," % port,
                  "                    cidr_blocks=[args.vpc_cidr],",
                  "                ),"]
    props += ["            ],",
              "            egress=[aws.ec2.SecurityGroupEgressArgs(protocol=\"-1\", from_port=0, to_port=0, "
              "cidr_blocks=[\"0.0.0.0/0\"])],"] + p_tags(p, 12)
    return ["        # %s" % p["comment"]] + p_call(v, "aws.ec2.SecurityGroup", psfx(s + "-sg"), props)


def psec(p):
    v, s = snake(p["var"]), p["slug"]
    if p.get("viol") == "secret":
        val = "            secret_string=\"%s\"," % p["viol_word"]
    else:
        val = "            secret_string=config.require_secret(\"%s\")," % camel(s)
    return (["        # %s" % p["comment"]] +
            p_call(v, "aws.secretsmanager.Secret", psfx(s + "-secret"), [
                "            name=f\"%s/{environment_suffix}/%s\"," % (p["prefix"], s),
                "            recovery_window_in_days=%d," % p["recovery"]]) +
            [""] + p_call(None, "aws.secretsmanager.SecretVersion", psfx(s + "-secret-version"), [
                "            secret_id=%s.id," % v, val]))


def pk(p):
    v, s = snake(p["var"]), p["slug"]
    return (["        # %s" % p["comment"]] +
            p_call(v, "aws.kms.Key", psfx(s + "-key"), [
                "            description=\"Encrypts %s data (%s)\"," % (s, p["comment"][:30].replace('"', "")),
                "            enable_key_rotation=True,",
                "            deletion_window_in_days=%d," % p["window"]]) +
            [""] + p_call(None, "aws.kms.Alias", psfx(s + "-alias"), [
                "            name=f\"alias/%s-{environment_suffix}\"," % s,
                "            target_key_id=%s.key_id," % v]))


def pe(p):
    v, s = snake(p["var"]), p["slug"]
    return (["        # %s" % p["comment"]] +
            p_call(v, "aws.ecr.Repository", psfx(s + "-repo"), [
                "            name=%s," % psfx(s),
                "            image_tag_mutability=\"%s\"," % p["mutability"],
                "            force_delete=True,",
                "            image_scanning_configuration={\"scan_on_push\": True},"]) +
            [""] + p_call(None, "aws.ecr.LifecyclePolicy", psfx(s + "-lifecycle"), [
                "            repository=%s.name," % v,
                "            policy=json.dumps({",
                "                \"rules\": [{",
                "                    \"rulePriority\": 1,",
                "                    \"description\": \"keep the last %d images\"," % p["keep"],
                "                    \"selection\": {\"tagStatus\": \"any\", \"countType\": \"imageCountMoreThan\", "
                "\"countNumber\": %d}," % p["keep"],
                "                    \"action\": {\"type\": \"expire\"},",
                "                }],",
                "            }),"]))


def pp(p):
    s = p["slug"]
    return ["        # %s" % p["comment"]] + p_call(None, "aws.ssm.Parameter", psfx(s + "-param"), [
        "            name=f\"/%s/{environment_suffix}/%s\"," % (p["prefix"], s),
        "            type=\"String\",",
        "            value=\"%s\"," % p["value"],
        "            description=\"%s\"," % p["comment"].replace('"', "")])


def ppol(p):
    v, s = snake(p["var"]), p["slug"]
    props = ["            name=%s," % psfx(s + "-policy"),
             "            description=\"Least privilege for %s\"," % s,
             "            policy=json.dumps({",
             "                \"Version\": \"2012-10-17\",",
             "                \"Statement\": ["]
    for act in p["actions"]:
        props.append("                    {\"Effect\": \"Allow\", \"Action\": [\"%s\"], "
                     "\"Resource\": [\"arn:aws:%s:*:*:%s-*\"]}," % (act, act.split(":")[0], s))
    props += ["                ],", "            }),"]
    return ["        # %s" % p["comment"]] + p_call(v, "aws.iam.Policy", psfx(s + "-policy"), props)


RENDER_PY = {
    "bucket": pb, "lambda": pl, "table": pt, "queue": pq, "alarm": pa, "database": pd,
    "sg": psg, "secret": psec, "kms": pk, "ecr": pe, "param": pp, "policy": ppol,
}


KIND_WEIGHTS = [("bucket", 10), ("lambda", 14), ("table", 10), ("queue", 9), ("alarm", 10),
                ("database", 3), ("sg", 6), ("secret", 5), ("kms", 5), ("ecr", 4),
                ("param", 8), ("policy", 7)]
COMMENTS = [
    "Stores %s for the %s service.", "%s pipeline owned by the %s team.",
    "Keeps %s separate per environment (%s).", "Handles %s; see the %s runbook.",
    "%s: added for the %s migration.", "Backs the %s API (%s).",
]
IAM_ACTIONS = ["s3:GetObject", "s3:PutObject", "dynamodb:GetItem", "dynamodb:PutItem",
               "dynamodb:Query", "sqs:SendMessage", "sqs:ReceiveMessage", "sns:Publish",
               "kms:Decrypt", "secretsmanager:GetSecretValue", "logs:PutLogEvents",
               "ssm:GetParameter"]


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.used_slugs = set()

    # ---- params ----
    def slug(self):
        r = self.rng
        for _ in range(1000):
            s = r.choice(NOUNS)
            if r.random() < 0.6:
                s += "-" + r.choice(["api", "worker", "sync", "store", "events", "cache",
                                     "ingest", "export", "v2", "batch", "stream", "rollup"])
            if s not in self.used_slugs:
                break
            s = "%s-%d" % (s, r.randrange(2, 99))
            if s not in self.used_slugs:
                break
        self.used_slugs.add(s)
        return s

    def tags(self):
        r = self.rng
        keys = r.sample(TAG_KEYS, r.randrange(0, 3))
        return [(k, r.choice(TAG_VALUES)) for k in keys]

    def comment(self, s):
        r = self.rng
        return r.choice(COMMENTS) % (s, r.choice(["platform", "payments", "data", "ops", "mobile", "web"]))

    def new_block(self, kind=None):
        r = self.rng
        if kind is None:
            kind = r.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[0]
        s = self.slug()
        p = {"kind": kind, "slug": s, "var": camel(s) + kind[:1].upper() + kind[1:],
             "comment": self.comment(s), "tags": self.tags()}
        if kind == "bucket":
            p.update(named=r.random() < 0.3, force=r.random() < 0.5, versioning=r.random() < 0.8,
                     sse=r.choice(["AES256", "aws:kms"]),
                     lifecycle=r.choice([0, 0, 30, 90, 365]))
        elif kind == "lambda":
            env = []
            for _ in range(r.randrange(1, 5)):
                # not "tokens": TOKENS_TIMEOUT_MS reads as a secret-like key
                n = r.choice([x for x in NOUNS if x != "tokens"]).upper()
                env.append(r.choice([
                    ("%s_TABLE" % n, "`%s-${environmentSuffix}`," % n.lower()),
                    ("%s_QUEUE_URL" % n, "process.env.%s_QUEUE_URL ?? ''," % n),
                    ("%s_SECRET_ARN" % n, "args.secretArn,"),
                    ("%s_BUCKET" % n, "args.bucketName,"),
                    ("%s_TIMEOUT_MS" % n, "'%d'," % r.choice([500, 1000, 3000])),
                ]))
            env = list(dict(env).items())
            p.update(retention=r.choice(RETENTIONS), runtime=r.choice(RUNTIMES),
                     memory=r.choice([128, 256, 512, 1024]), timeout=r.choice([3, 10, 30, 60]),
                     arch=r.choice(["arm64", "x86_64"]), log_level=r.choice(["info", "warn", "debug"]),
                     env=env, tracing=r.random() < 0.5)
        elif kind == "table":
            p.update(billing=r.choice(["PAY_PER_REQUEST", "PROVISIONED"]), rcu=r.choice([5, 10, 25]),
                     gsis=r.randrange(0, 3), pitr=r.random() < 0.7, stream=r.random() < 0.3)
        elif kind == "queue":
            p.update(visibility=r.choice([30, 60, 180, 900]),
                     retention_s=r.choice([86400, 345600, 1209600]), max_receive=r.choice([3, 5, 10]))
        elif kind == "alarm":
            p.update(periods=r.choice([1, 2, 3, 5]), metric=r.choice(["Errors", "Throttles", "5XXError"]),
                     namespace=r.choice(["AWS/Lambda", "AWS/ApiGateway", "AWS/SQS"]),
                     period=r.choice([60, 300]), threshold=r.choice([1, 5, 10, 50]))
        elif kind == "database":
            p.update(version=r.choice(["15.4", "15.5", "16.1"]), **{"class": r.choice(INSTANCE_CLASSES)},
                     storage=r.choice([20, 50, 100]), backup=r.choice([1, 7, 14]), multiaz=r.random() < 0.3)
        elif kind == "sg":
            p.update(ports=r.sample(PORTS, r.randrange(1, 3)))
        elif kind == "secret":
            p.update(prefix=r.choice(["app", "svc", "tap"]), recovery=r.choice([0, 7, 30]))
        elif kind == "kms":
            p.update(window=r.choice([7, 10, 30]))
        elif kind == "ecr":
            p.update(mutability=r.choice(["MUTABLE", "IMMUTABLE"]), keep=r.choice([10, 20, 50]))
        elif kind == "param":
            p.update(prefix=r.choice(["app", "svc", "tap"]),
                     value=r.choice(["enabled", "disabled", "v1", "v2", "blue", "green"]))
        elif kind == "policy":
            p.update(actions=r.sample(IAM_ACTIONS, r.randrange(1, 4)))
        return p

    def edit_block(self, p):
        """Change one thing in a block; returns a commit-message fragment."""
        r = self.rng
        k = p["kind"]
        choice = r.random()
        if choice < 0.15:
            p["comment"] = self.comment(p["slug"])
            return "reword %s comment" % p["slug"]
        if choice < 0.35:
            if p["tags"] and r.random() < 0.4:
                p["tags"] = p["tags"][:-1]
                return "drop a tag from %s" % p["slug"]
            p["tags"] = [t for t in p["tags"] if t[0] != "Service"] + [("Service", r.choice(TAG_VALUES))]
            return "tag %s" % p["slug"]
        if k == "bucket":
            key = r.choice(["force", "versioning", "sse", "lifecycle"])
            p[key] = {"force": lambda: not p["force"], "versioning": lambda: not p["versioning"],
                      "sse": lambda: r.choice(["AES256", "aws:kms"]),
                      "lifecycle": lambda: r.choice([0, 30, 90, 365])}[key]()
        elif k == "lambda":
            key = r.choice(["memory", "timeout", "runtime", "log_level", "tracing", "retention", "env"])
            if key == "env":
                n = r.choice([x for x in NOUNS if x != "tokens"]).upper()
                p["env"] = p["env"] + [("%s_FEATURE_FLAG" % n, "'%s'," % r.choice(["on", "off"]))]
                p["env"] = list(dict(p["env"]).items())[-6:]
            else:
                p[key] = {"memory": lambda: r.choice([128, 256, 512, 1024, 2048]),
                          "timeout": lambda: r.choice([3, 10, 30, 60, 120]),
                          "runtime": lambda: r.choice(RUNTIMES),
                          "log_level": lambda: r.choice(["info", "warn", "debug"]),
                          "tracing": lambda: not p["tracing"],
                          "retention": lambda: r.choice(RETENTIONS)}[key]()
        elif k == "table":
            key = r.choice(["billing", "gsis", "pitr", "stream"])
            p[key] = {"billing": lambda: r.choice(["PAY_PER_REQUEST", "PROVISIONED"]),
                      "gsis": lambda: min(3, p["gsis"] + 1), "pitr": lambda: not p["pitr"],
                      "stream": lambda: not p["stream"]}[key]()
        elif k == "queue":
            p["visibility"] = r.choice([30, 60, 180, 900])
            p["max_receive"] = r.choice([3, 5, 10])
        elif k == "alarm":
            p["threshold"] = r.choice([1, 5, 10, 50, 100])
            p["periods"] = r.choice([1, 2, 3, 5])
        elif k == "database":
            key = r.choice(["class", "storage", "backup", "multiaz", "version"])
            p[key] = {"class": lambda: r.choice(INSTANCE_CLASSES), "storage": lambda: p["storage"] + 20,
                      "backup": lambda: r.choice([1, 7, 14, 30]), "multiaz": lambda: not p["multiaz"],
                      "version": lambda: r.choice(["15.5", "16.1", "16.2"])}[key]()
        elif k == "sg":
            p["ports"] = r.sample(PORTS, r.randrange(1, 4))
        elif k == "secret":
            p["recovery"] = r.choice([0, 7, 30])
        elif k == "kms":
            p["window"] = r.choice([7, 10, 30])
        elif k == "ecr":
            p["keep"] = r.choice([10, 20, 30, 50])
        elif k == "param":
            p["value"] = r.choice(["enabled", "disabled", "v1", "v2", "v3", "blue", "green"])
        elif k == "policy":
            p["actions"] = r.sample(IAM_ACTIONS, r.randrange(1, 5))
        return "tune %s %s" % (p["slug"], k)


# --------------------------------------------------------------------------
# files

class StackFile:
    """lib/<domain>-stack.ts: one ComponentResource made of blocks."""

    def __init__(self, path, domain, cls, cap):
        self.path, self.domain, self.cls, self.cap = path, domain, cls, cap
        self.blocks = []
        self.text = None

    def touch(self):
        """Call after any change to the blocks: the rendering is cached."""
        self.text = None

    def render(self):
        if self.text is None:
            self.text = self.render_lines()
        return self.text

    def nlines(self):
        return self.render().count("\n")

    def render_lines(self):
        if PY:
            return self.render_python()
        out = ["/**",
               " * %s: the %s resources of the TAP stack." % (self.cls, self.domain),
               " *",
               " * Every physical name carries environmentSuffix so that several",
               " * environments can be deployed to one account side by side.",
               " */",
               "import * as aws from '@pulumi/aws';",
               "import * as pulumi from '@pulumi/pulumi';",
               "",
               "export interface %sArgs {" % self.cls,
               "  environmentSuffix: string;",
               "  vpcId?: pulumi.Input<string>;",
               "  vpcCidr?: pulumi.Input<string>;",
               "  privateSubnetIds?: pulumi.Input<string>[];",
               "  databaseSecurityGroupIds?: pulumi.Input<string>[];",
               "  secretArn?: pulumi.Input<string>;",
               "  bucketName?: pulumi.Input<string>;",
               "  tags?: Record<string, string>;",
               "}",
               "",
               "export class %s extends pulumi.ComponentResource {" % self.cls]
        outs = [b for b in self.blocks if b["kind"] in ("bucket", "lambda", "table", "queue", "database")]
        for b in outs:
            out.append("  public readonly %sArn: pulumi.Output<string>;" % b["var"])
        out += ["",
                "  constructor(name: string, args: %sArgs, opts?: pulumi.ComponentResourceOptions) {" % self.cls,
                "    super('tap:%s:%s', name, args, opts);" % (self.domain, self.cls),
                "",
                "    const environmentSuffix = args.environmentSuffix;",
                "    const config = new pulumi.Config();",
                "    const commonTags = {",
                "      Environment: environmentSuffix,",
                "      Project: 'tap',",
                "      Stack: '%s'," % self.domain,
                "      ...(args.tags ?? {}),",
                "    };",
                ""]
        for b in self.blocks:
            out += RENDER[b["kind"]](b)
            out.append("")
        for b in outs:
            out.append("    this.%sArn = %s.arn;" % (b["var"], b["var"]))
        out += ["",
                "    this.registerOutputs({"]
        for b in outs:
            out.append("      %sArn: this.%sArn," % (b["var"], b["var"]))
        out += ["    });",
                "  }",
                "}",
                ""]
        return "\n".join(out)


    def render_python(self):
        out = ['"""%s: the %s resources of the TAP stack.' % (self.cls, self.domain),
               "",
               "Every physical name carries environment_suffix so that several",
               "environments can be deployed to one account side by side.",
               '"""',
               "import json",
               "import os",
               "from typing import Optional",
               "",
               "import pulumi",
               "import pulumi_aws as aws",
               "",
               "",
               "class %sArgs:" % self.cls,
               "    def __init__(self, environment_suffix: str, vpc_id=None, vpc_cidr=None,",
               "                 private_subnet_ids=None, database_security_group_ids=None,",
               "                 secret_arn=None, bucket_name=None, tags: Optional[dict] = None):",
               "        self.environment_suffix = environment_suffix",
               "        self.vpc_id = vpc_id",
               "        self.vpc_cidr = vpc_cidr",
               "        self.private_subnet_ids = private_subnet_ids",
               "        self.database_security_group_ids = database_security_group_ids",
               "        self.secret_arn = secret_arn",
               "        self.bucket_name = bucket_name",
               "        self.tags = tags or {}",
               "",
               "",
               "class %s(pulumi.ComponentResource):" % self.cls,
               "    def __init__(self, name: str, args: %sArgs, opts: Optional[pulumi.ResourceOptions] = None):"
               % self.cls,
               "        super().__init__(\"tap:%s:%s\", name, None, opts)" % (self.domain, self.cls),
               "",
               "        environment_suffix = args.environment_suffix",
               "        config = pulumi.Config()",
               "        common_tags = {",
               "            \"Environment\": environment_suffix,",
               "            \"Project\": \"tap\",",
               "            \"Stack\": \"%s\"," % self.domain,
               "            **args.tags,",
               "        }",
               ""]
        outs = [b for b in self.blocks if b["kind"] in ("bucket", "lambda", "table", "queue", "database")]
        for b in self.blocks:
            out += RENDER_PY[b["kind"]](b)
            out.append("")
        for b in outs:
            out.append("        self.%s_arn = %s.arn" % (snake(b["var"]), snake(b["var"])))
        out += ["", "        self.register_outputs({"]
        for b in outs:
            out.append("            \"%s_arn\": self.%s_arn," % (snake(b["var"]), snake(b["var"])))
        out += ["        })", ""]
        return "\n".join(out)


class TapStack:
    """lib/tap-stack.ts: wires every component."""

    def __init__(self):
        self.children = []   # (domain, cls, import path)

    def render(self):
        if PY:
            return self.render_python()
        out = ["/**",
               " * tap-stack.ts",
               " *",
               " * The top-level component of the TAP project: it instantiates one",
               " * component per concern and passes the environment suffix down.",
               " */",
               "import * as aws from '@pulumi/aws';",
               "import * as pulumi from '@pulumi/pulumi';"]
        for d, c, imp in self.children:
            out.append("import { %s } from '%s';" % (c, imp))
        out += ["",
                "export interface TapStackProps {",
                "  environmentSuffix?: string;",
                "  tags?: pulumi.Input<{ [key: string]: string }>;",
                "}",
                "",
                "export class TapStack extends pulumi.ComponentResource {",
                "  public readonly vpcId: pulumi.Output<string>;",
                "",
                "  constructor(name: string, args: TapStackProps, opts?: pulumi.ResourceOptions) {",
                "    super('tap:stack:TapStack', name, args, opts);",
                "",
                "    const environmentSuffix = args.environmentSuffix || 'dev';",
                "    const tags = (args.tags || {}) as Record<string, string>;",
                "",
                "    const vpc = new aws.ec2.Vpc(`tap-vpc-${environmentSuffix}`, {",
                "      cidrBlock: '10.0.0.0/16',",
                "      enableDnsHostnames: true,",
                "      enableDnsSupport: true,",
                "      tags: { ...tags, Name: `tap-vpc-${environmentSuffix}` },",
                "    }, { parent: this });",
                "",
                "    const privateSubnets = [0, 1].map((i) => new aws.ec2.Subnet(`tap-private-${i}-${environmentSuffix}`, {",
                "      vpcId: vpc.id,",
                "      cidrBlock: `10.0.${i + 10}.0/24`,",
                "      tags: { ...tags, Name: `tap-private-${i}-${environmentSuffix}` },",
                "    }, { parent: this }));",
                ""]
        for d, c, imp in self.children:
            v = camel(d)
            out += ["    new %s(`%s-${environmentSuffix}`, {" % (c, d),
                    "      environmentSuffix,",
                    "      vpcId: vpc.id,",
                    "      vpcCidr: vpc.cidrBlock,",
                    "      privateSubnetIds: privateSubnets.map((s) => s.id),",
                    "      tags,",
                    "    }, { parent: this });",
                    ""]
        out += ["    this.vpcId = vpc.id;",
                "    this.registerOutputs({ vpcId: this.vpcId });",
                "  }",
                "}",
                ""]
        return "\n".join(out)


def tap_render_python(self):
    out = ['"""tap_stack.py',
           "",
           "The top-level component of the TAP project: it instantiates one",
           "component per concern and passes the environment suffix down.",
           '"""',
           "from typing import Optional",
           "",
           "import pulumi",
           "import pulumi_aws as aws",
           ""]
    for d, c, imp in self.children:
        out.append("from %s import %s, %sArgs" % (imp, c, c))
    out += ["",
            "",
            "class TapStackArgs:",
            "    def __init__(self, environment_suffix: Optional[str] = None, tags: Optional[dict] = None):",
            "        self.environment_suffix = environment_suffix or \"dev\"",
            "        self.tags = tags or {}",
            "",
            "",
            "class TapStack(pulumi.ComponentResource):",
            "    def __init__(self, name: str, args: TapStackArgs, opts: Optional[pulumi.ResourceOptions] = None):",
            "        super().__init__(\"tap:stack:TapStack\", name, None, opts)",
            "",
            "        environment_suffix = args.environment_suffix",
            "        tags = args.tags",
            "",
            "        vpc = aws.ec2.Vpc(",
            "            f\"tap-vpc-{environment_suffix}\",",
            "            cidr_block=\"10.0.0.0/16\",",
            "            enable_dns_hostnames=True,",
            "            enable_dns_support=True,",
            "            tags={**tags, \"Name\": f\"tap-vpc-{environment_suffix}\"},",
            "            opts=pulumi.ResourceOptions(parent=self),",
            "        )",
            "",
            "        private_subnets = [",
            "            aws.ec2.Subnet(",
            "                f\"tap-private-{i}-{environment_suffix}\",",
            "                vpc_id=vpc.id,",
            "                cidr_block=f\"10.0.{i + 10}.0/24\",",
            "                tags={**tags, \"Name\": f\"tap-private-{i}-{environment_suffix}\"},",
            "                opts=pulumi.ResourceOptions(parent=self),",
            "            )",
            "            for i in range(2)",
            "        ]",
            ""]
    for d, c, imp in self.children:
        out += ["        %s(" % c,
                "            f\"%s-{environment_suffix}\"," % d,
                "            %sArgs(" % c,
                "                environment_suffix=environment_suffix,",
                "                vpc_id=vpc.id,",
                "                vpc_cidr=vpc.cidr_block,",
                "                private_subnet_ids=[s.id for s in private_subnets],",
                "                tags=tags,",
                "            ),",
                "            opts=pulumi.ResourceOptions(parent=self),",
                "        )",
                ""]
    out += ["        self.vpc_id = vpc.id",
            "        self.register_outputs({\"vpc_id\": self.vpc_id})",
            ""]
    return "\n".join(out)


TapStack.render_python = tap_render_python


def render_main_py(state):
    out = ['"""Pulumi program entry point: reads the environment suffix and tags',
           "from the environment and instantiates the TapStack.",
           '"""',
           "import os",
           "",
           "import pulumi",
           "",
           "from lib.tap_stack import TapStack, TapStackArgs",
           "",
           "config = pulumi.Config()",
           "environment_suffix = os.environ.get(\"ENVIRONMENT_SUFFIX\") or config.get(\"env\") or \"dev\"",
           "repository = config.get(\"repository\") or \"unknown\"",
           "commit_author = config.get(\"commitAuthor\") or \"unknown\"",
           "",
           "default_tags = {",
           "    \"Environment\": environment_suffix,",
           "    \"Repository\": repository,",
           "    \"Author\": commit_author,"]
    for k, v in state["bin_tags"]:
        out.append("    \"%s\": \"%s\"," % (k, v))
    out += ["}",
            "",
            "stack = TapStack(\"pulumi-infra\", TapStackArgs(environment_suffix=environment_suffix, tags=default_tags))",
            "",
            "pulumi.export(\"vpc_id\", stack.vpc_id)",
            ""]
    return "\n".join(out)


def render_test_py(state):
    out = ["import unittest",
           "",
           "import pulumi",
           "",
           "",
           "class Mocks(pulumi.runtime.Mocks):",
           "    def new_resource(self, args):",
           "        return [f\"{args.name}-id\", {**args.inputs, \"arn\": f\"arn:aws:mock:::{args.name}\"}]",
           "",
           "    def call(self, args):",
           "        return args.args",
           "",
           "",
           "pulumi.runtime.set_mocks(Mocks())",
           "",
           "from lib.tap_stack import TapStack, TapStackArgs  # noqa: E402",
           "",
           "",
           "class TestTapStack(unittest.TestCase):",
           "    def setUp(self):",
           "        self.stack = TapStack(\"TestTapStack\", TapStackArgs(environment_suffix=\"test\"))",
           ""]
    for i, (name, body) in enumerate(state["tests"]):
        out += ["    @pulumi.runtime.test",
                "    def test_%d(self):" % i,
                "        \"\"\"%s\"\"\"" % name,
                "        return self.stack.vpc_id.apply(lambda vpc_id: self.assertIsNotNone(vpc_id))",
                ""]
    return "\n".join(out)


def render_requirements(state):
    deps = state["deps"]
    names = {"@pulumi/aws": "pulumi-aws", "@pulumi/pulumi": "pulumi", "@pulumi/random": "pulumi-random"}
    out = []
    for k in sorted(deps):
        major, minor, patch = deps[k].lstrip("^").split(".")
        out.append("%s>=%s.%s.%s,<%d.0.0" % (names.get(k, k), major, minor, patch, int(major) + 1))
    out.append("")
    return "\n".join(out)


def render_bin(state, name="'pulumi-infra'", opts=""):
    """bin/tap.ts: its tags are state["bin_tags"]; TapStack is built with
    the logical name `name` (TypeScript text) and the options `opts`."""
    out = ["#!/usr/bin/env node",
           "/**",
           " * Pulumi program entry point: reads the environment suffix and tags",
           " * from the environment and instantiates the TapStack.",
           " */",
           "import * as pulumi from '@pulumi/pulumi';",
           "import { TapStack } from '../lib/tap-stack';",
           "",
           "const config = new pulumi.Config();",
           "const environmentSuffix = process.env.ENVIRONMENT_SUFFIX || config.get('env') || 'dev';",
           "const repository = config.get('repository') || 'unknown';",
           "const commitAuthor = config.get('commitAuthor') || 'unknown';",
           "",
           "const defaultTags = {",
           "  Environment: environmentSuffix,",
           "  Repository: repository,",
           "  Author: commitAuthor,"]
    for k, v in state["bin_tags"]:
        out.append("  %s: '%s'," % (k, v))
    out += ["};",
            "",
            "const stack = new TapStack(%s, {" % name,
            "  environmentSuffix,",
            "  tags: defaultTags,",
            "}%s);" % opts,
            "",
            "export const vpcId = stack.vpcId;",
            ""]
    return "\n".join(out)


def render_test(state):
    out = ["import * as pulumi from '@pulumi/pulumi';",
           "",
           "pulumi.runtime.setMocks({",
           "  newResource: (args: pulumi.runtime.MockResourceArgs) => ({",
           "    id: `${args.name}-id`,",
           "    state: { ...args.inputs, arn: `arn:aws:mock:::${args.name}` },",
           "  }),",
           "  call: (args: pulumi.runtime.MockCallArgs) => args.inputs,",
           "});",
           "",
           "import { TapStack } from '../lib/tap-stack';",
           "",
           "const outputOf = <T>(o: pulumi.Output<T>): Promise<T> =>",
           "  new Promise((resolve) => o.apply(resolve));",
           "",
           "describe('TapStack', () => {",
           "  let stack: TapStack;",
           "",
           "  beforeAll(() => {",
           "    stack = new TapStack('TestTapStack', { environmentSuffix: 'test' });",
           "  });",
           ""]
    for name, body in state["tests"]:
        out += ["  it('%s', async () => {" % name]
        out += ["    " + b for b in body]
        out += ["  });", ""]
    out += ["});", ""]
    return "\n".join(out)


def render_readme(state):
    out = ["# TAP infrastructure", "",
           "Pulumi %s program for the TAP platform. Every resource name" % ("Python" if PY else "TypeScript"),
           "carries the environment suffix (`ENVIRONMENT_SUFFIX`), so several",
           "environments can live in one AWS account.", "",
           "## Deploy", "", "```sh", "pip install -r requirements.txt" if PY else "npm ci",
           "export ENVIRONMENT_SUFFIX=pr1234",
           "pulumi up --stack dev", "```", "",
           "## Components", ""]
    for d, c, imp in state["tap"].children:
        out.append("- `%s` (%s)" % (c, imp))
    out += [""]
    for title, lines in state["readme_notes"]:
        out += ["## %s" % title, ""] + lines + [""]
    return "\n".join(out)


def render_package(state):
    deps = state["deps"]
    out = ["{",
           '  "name": "tap",',
           '  "version": "%s",' % state["version"],
           '  "private": true,',
           '  "main": "bin/tap.ts",',
           '  "scripts": {',
           '    "build": "tsc",',
           '    "test": "jest --coverage",',
           '    "lint": "eslint . --ext .ts"',
           '  },',
           '  "dependencies": {']
    keys = sorted(deps)
    for i, k in enumerate(keys):
        out.append('    "%s": "%s"%s' % (k, deps[k], "," if i + 1 < len(keys) else ""))
    out += ['  },',
            '  "devDependencies": {',
            '    "@types/jest": "^29.5.12",',
            '    "@types/node": "^20.11.0",',
            '    "jest": "^29.7.0",',
            '    "ts-jest": "^29.1.2",',
            '    "typescript": "^5.4.5"',
            '  }',
            '}', ""]
    return "\n".join(out)


STATIC_FILES_PY = {
    "Pulumi.yaml": "name: tap\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n"
                   "description: TAP infrastructure\n",
    "lib/__init__.py": "",
    ".gitignore": "venv/\n__pycache__/\n*.pyc\n.pytest_cache/\n",
}

STATIC_FILES = {
    "Pulumi.yaml": "name: tap\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n"
                   "description: TAP infrastructure\nmain: bin/tap.ts\n",
    "tsconfig.json": '{\n  "compilerOptions": {\n    "target": "ES2020",\n    "module": "commonjs",\n'
                     '    "strict": true,\n    "outDir": "bin-out",\n    "esModuleInterop": true\n  },\n'
                     '  "include": ["bin/**/*.ts", "lib/**/*.ts", "test/**/*.ts"]\n}\n',
    "jest.config.js": "module.exports = {\n  preset: 'ts-jest',\n  testEnvironment: 'node',\n"
                      "  roots: ['<rootDir>/test'],\n};\n",
    ".gitignore": "node_modules/\nbin-out/\n*.js.map\ncoverage/\n",
}

VIOLATION_WORDS = {
    "secret": ["Pr0d-Passw0rd!2024", "hunter2-prod", "s3cr3t-Value-99", "Welcome123!",
               "tok_live_8f2d9c1b7a", "changeme"],
    "bucket": ["prod", "shared", "artifacts", "data", "logs"],
}


TEST_PATH = "test/tap-stack.unit.test.ts"


# --------------------------------------------------------------------------
# the history

class History:
    def __init__(self, args):
        self.args = args
        self.g = Gen(args.seed)
        self.rng = self.g.rng
        self.out = sys.stdout.buffer
        self.mark = 0
        self.time = 1672650000   # 2023-01-02
        self.count = 0           # commits written, the root is 0
        self.pending_fix = []    # (file, block) violations not fixed yet
        s = {"files": {}, "tap": TapStack(), "bin_tags": [], "tests": [],
             "readme_notes": [], "deps": {"@pulumi/aws": "^6.22.0", "@pulumi/pulumi": "^3.104.0",
                                          "@pulumi/random": "^4.15.0"},
             "version": "0.1.0", "next_domain": 0}
        self.state = s

    # ---- output ----
    def emit(self, b):
        self.out.write(b)

    def data(self, text):
        raw = text.encode()
        self.emit(b"data %d\n" % len(raw))
        self.emit(raw)
        self.emit(b"\n")

    def snapshot(self, st):
        files = {}
        for path, f in st["files"].items():
            files[path] = f.render()
        if PY:
            files["lib/tap_stack.py"] = st["tap"].render()
            files["__main__.py"] = render_main_py(st)
            files["tests/test_tap_stack.py"] = render_test_py(st)
            files["README.md"] = render_readme(st)
            files["requirements.txt"] = render_requirements(st)
            files.update(STATIC_FILES_PY)
            return files
        files["lib/tap-stack.ts"] = st["tap"].render()
        files["bin/tap.ts"] = render_bin(st)
        files["test/tap-stack.unit.test.ts"] = render_test(st)
        files["README.md"] = render_readme(st)
        files["package.json"] = render_package(st)
        files.update(STATIC_FILES)
        return files

    def commit(self, ref, msg, parent, merge, old, new):
        """Write a commit whose tree is `new`, against `old` (the first
        parent's files). Returns its mark."""
        self.mark += 1
        m = self.mark
        self.time += self.rng.randrange(600, 6 * 3600)
        name, mail = AUTHORS[self.rng.randrange(len(AUTHORS))]
        self.emit(b"commit %s\nmark :%d\n" % (ref.encode(), m))
        ident = ("%s <%s> %d +0000" % (name, mail, self.time)).encode()
        self.emit(b"author " + ident + b"\n")
        self.emit(b"committer " + ident + b"\n")
        self.data(msg)
        if parent:
            self.emit(b"from :%d\n" % parent)
        if merge:
            self.emit(b"merge :%d\n" % merge)
        renamed = set()
        for a, b in self.renames:
            if a in old and b in new and old[a] == new[b] and a not in new:
                self.emit(("R %s %s\n" % (a, b)).encode())
                renamed.add(a)
                renamed.add(b)
        for path in sorted(old):
            if path not in new and path not in renamed:
                self.emit(("D %s\n" % path).encode())
        for path in sorted(new):
            if path in renamed:
                continue
            if old.get(path) != new[path]:
                self.emit(("M 100644 inline %s\n" % path).encode())
                self.data(new[path])
        self.emit(b"\n")
        self.renames = []
        return m

    def tag_if_needed(self, m):
        k = self.count
        if k == 0 or k % 500 == 0 or k == self.args.commits:
            self.emit(b"reset refs/tags/n%d\nfrom :%d\n\n" % (k, m))

    # ---- changes to a state ----
    def stack_files(self, st):
        return [f for f in st["files"].values() if isinstance(f, StackFile)]

    def add_stack(self, st, nblocks):
        d, c = DOMAINS[st["next_domain"]]
        st["next_domain"] += 1
        f = StackFile("lib/%s_stack.py" % d if PY else "lib/%s-stack.ts" % d, d, c,
                      self.rng.randrange(350, 900))
        for _ in range(nblocks):
            f.blocks.append(self.g.new_block())
        st["files"][f.path] = f
        st["tap"].children.append((d, c, "lib.%s_stack" % d if PY else "./%s-stack" % d))
        return "feat(%s): add %s" % (d, c)

    def op(self, st, allowed):
        """One change to the state, restricted to the paths `allowed`
        returns (or None: any path). Returns (message, paths touched)."""
        r = self.rng
        stacks = [f for f in self.stack_files(st) if allowed is None or f.path in allowed]
        x = r.random()
        # a new component now and then: ~10 by commit 2,000, all 20 by ~8,000
        if (x < 0.0025 or not stacks) and st["next_domain"] < MAX_STACKS and allowed is None:
            return self.add_stack(st, r.randrange(2, 5)), None
        if x < 0.45 and stacks:
            room = [f for f in stacks if f.nlines() < f.cap]
            if room:
                f = r.choice(room[-4:] if r.random() < 0.6 else room)
                b = self.g.new_block()
                f.blocks.insert(r.randrange(len(f.blocks) + 1), b)
                f.touch()
                return "feat(%s): add %s %s" % (f.domain, b["slug"], b["kind"]), f.path
        if x < 0.52 and stacks:
            f = r.choice(stacks)
            if len(f.blocks) > 4:
                b = f.blocks.pop(r.randrange(len(f.blocks)))
                f.touch()
                self.pending_fix = [v for v in self.pending_fix if v[1] is not b]
                return "refactor(%s): remove %s %s" % (f.domain, b["slug"], b["kind"]), f.path
        if x < 0.60 and (allowed is None or TEST_PATH in allowed):
            n = r.choice(NOUNS)
            body = ["const vpcId = await outputOf(stack.vpcId);",
                    "expect(vpcId).toBeDefined();"]
            if r.random() < 0.5:
                body += ["expect(vpcId).toContain('%s');" % r.choice(["vpc", "id", "tap"])]
            st["tests"].append(("wires the %s resources for environment %d" % (n, len(st["tests"])), body))
            if len(st["tests"]) > 40:
                st["tests"].pop(0)
            return "test: cover %s" % n, TEST_PATH
        if x < 0.64 and allowed is None:
            if r.random() < 0.5:
                dep = r.choice(["@pulumi/aws", "@pulumi/pulumi", "@pulumi/random"])
                major, minor, patch = st["deps"][dep].lstrip("^").split(".")
                st["deps"][dep] = "^%s.%d.%s" % (major, int(minor) + 1, patch)
                st["version"] = "0.%d.0" % (self.count // 50 + 1)
                return "chore(deps): bump %s" % dep, "package.json"
            title = r.choice(["Operations", "Secrets", "Environments", "Troubleshooting", "Costs"])
            st["readme_notes"].append((title + " %d" % len(st["readme_notes"]),
                                       ["Notes on %s for %s." % (title.lower(), r.choice(NOUNS)),
                                        "Run `pulumi preview` before every `pulumi up`."]))
            if len(st["readme_notes"]) > 12:
                st["readme_notes"].pop(0)
            return "docs: %s notes" % title.lower(), "README.md"
        if x < 0.66 and allowed is None:
            st["bin_tags"] = st["bin_tags"][-3:] + [(r.choice(TAG_KEYS), r.choice(TAG_VALUES))]
            st["bin_tags"] = list(dict(st["bin_tags"]).items())
            return "chore: default tags", "bin/tap.ts"
        if not stacks:
            stacks = self.stack_files(st)
        f = r.choice(stacks)
        b = r.choice(f.blocks)
        m = self.g.edit_block(b)
        f.touch()
        return "chore(%s): %s" % (f.domain, m), f.path

    def violate(self, st):
        r = self.rng
        stacks = self.stack_files(st)
        f = r.choice(stacks)
        what = r.choice(["secret", "secret", "bucket", "suffix", "token"])
        if what == "token":
            b = r.choice(f.blocks)
            b["comment"] += " Temporary key AKIA%s for the migration." % "".join(
                r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
            f.touch()
            self.pending_fix.append((f, b, "token"))
            return "chore(%s): migration notes" % f.domain
        kind = {"secret": r.choice(["database", "secret", "lambda"]), "bucket": "bucket",
                "suffix": "lambda"}[what]
        b = self.g.new_block(kind)
        b["viol"] = what
        if what in VIOLATION_WORDS:
            b["viol_word"] = r.choice(VIOLATION_WORDS[what])
        f.blocks.insert(r.randrange(len(f.blocks) + 1), b)
        f.touch()
        self.pending_fix.append((f, b, what))
        return "feat(%s): add %s %s" % (f.domain, b["slug"], kind)

    def fix(self, st):
        f, b, what = self.pending_fix.pop(0)
        if f.path not in st["files"] or b not in f.blocks:
            return None
        if what == "token":
            b["comment"] = b["comment"].split(" Temporary key")[0]
        else:
            b.pop("viol", None)
        f.touch()
        return "fix(%s): %s" % (f.domain, {"secret": "read the secret from config",
                                           "bucket": "let Pulumi name the bucket",
                                           "suffix": "add the environment suffix",
                                           "token": "remove the access key"}[what])

    def rename(self, st):
        r = self.rng
        stacks = [f for f in self.stack_files(st) if f.path.count("/") == 1]
        if not stacks:
            return None
        f = r.choice(stacks)
        newpath = ("lib/%s/%s_stack.py" if PY else "lib/%s/%s-stack.ts") % (f.domain, f.domain)
        del st["files"][f.path]
        self.renames.append((f.path, newpath))
        f.path = newpath
        st["files"][newpath] = f
        moved = ("lib.%s.%s_stack" if PY else "./%s/%s-stack") % (f.domain, f.domain)
        st["tap"].children = [(d, c, moved if d == f.domain else imp)
                              for d, c, imp in st["tap"].children]
        return "refactor: move %s into lib/%s/" % (f.cls, f.domain)

    # ---- commits ----
    def one_commit(self, st, allowed=None, violation_ok=True):
        r = self.rng
        msgs = []
        if violation_ok and r.random() < self.args.violation_rate:
            msgs.append(self.violate(st))
        elif violation_ok and self.pending_fix and r.random() < 0.08:
            m = self.fix(st)
            if m:
                msgs.append(m)
        elif allowed is None and r.random() < 0.004:
            m = self.rename(st)
            if m:
                msgs.append(m)
        if not msgs:
            n = r.choices([1, 2, 3, 4], [50, 30, 15, 5])[0]
            for _ in range(n):
                msgs.append(self.op(st, allowed)[0])
        return msgs[0] + ("" if len(msgs) == 1 else "\n\n" + "\n".join("- " + m for m in msgs[1:]) + "\n")

    def run(self):
        a = self.args
        self.renames = []
        st = self.state
        for _ in range(3):
            self.add_stack(st, 3)
        st["tests"].append(("creates the VPC", ["const vpcId = await outputOf(stack.vpcId);",
                                                "expect(vpcId).toBeDefined();"]))
        files = self.snapshot(st)
        main = self.commit("refs/heads/main", "Initial TAP project scaffold\n", None, None, {}, files)
        self.tag_if_needed(main)
        cur = files
        while self.count < a.commits:
            left = a.commits - self.count
            nxt = self.count + 1
            to_tag = 500 - (self.count % 500)
            if self.rng.random() < 0.02 and min(left, to_tag) > 6 and len(self.stack_files(st)) >= 4:
                main, cur = self.pull_request(main, cur)
                continue
            msg = self.one_commit(st)
            new = self.snapshot(st)
            self.count += 1
            main = self.commit("refs/heads/main", msg, main, None, cur, new)
            cur = new
            self.tag_if_needed(main)
        if a.staged_change:
            self.staged_change(main, cur)
        self.emit(b"reset refs/heads/main\nfrom :%d\n\n" % main)
        self.emit(b"done\n")

    def pull_request(self, main, cur):
        """A branch of 1-3 commits on some stack files, meanwhile 0-2
        commits on main elsewhere, then a merge commit."""
        r = self.rng
        st = self.state
        stacks = [f.path for f in self.stack_files(st)]
        side_paths = set(r.sample(stacks, 2))
        main_paths = set(stacks) - side_paths
        side = copy.deepcopy(st)
        side_cur, side_tip = cur, main
        for _ in range(r.randrange(1, 4)):
            msg = self.one_commit(side, side_paths, violation_ok=False)
            new = self.snapshot(side)
            self.count += 1
            side_tip = self.commit("refs/heads/main", msg, side_tip, None, side_cur, new)
            side_cur = new
        for _ in range(r.randrange(0, 3)):
            msg = self.one_commit(st, main_paths, violation_ok=False)
            new = self.snapshot(st)
            self.count += 1
            main = self.commit("refs/heads/main", msg, main, None, cur, new)
            cur = new
        # the merge: main's state with the branch's stack files
        for p in side_paths:
            st["files"][p] = side["files"][p]
        self.g.used_slugs |= side_files_slugs(side)
        new = self.snapshot(st)
        self.count += 1
        domain = side["files"][sorted(side_paths)[0]].domain
        main = self.commit("refs/heads/main", "Merge pull request #%d from team/%s-changes\n"
                           % (self.count, domain), main, side_tip, cur, new)
        return main, new

    def staged_change(self, main, cur):
        """3 TypeScript files, about 100 changed lines, no violation: a
        Lambda (with its role and log group) added to one stack, a queue
        to another, and edits to a third until the change is ~100 lines."""
        import difflib
        st = self.state
        r = self.rng
        a, b, c = r.sample(self.stack_files(st), 3)
        a.blocks.insert(r.randrange(len(a.blocks) + 1), self.g.new_block("lambda"))
        b.blocks.insert(r.randrange(len(b.blocks) + 1), self.g.new_block("queue"))
        a.touch()
        b.touch()
        changed = 0
        while changed < 100:
            self.g.edit_block(r.choice(c.blocks))
            c.touch()
            new = self.snapshot(st)
            changed = 0
            for f in (a, b, c):
                for line in difflib.unified_diff(cur[f.path].splitlines(), new[f.path].splitlines(),
                                                 n=0, lineterm=""):
                    if line[:1] in "+-" and line[:3] not in ("+++", "---"):
                        changed += 1
        self.commit("refs/heads/staged", "work in progress\n", main, None, cur, new)


def side_files_slugs(st):
    s = set()
    for f in st["files"].values():
        if isinstance(f, StackFile):
            for b in f.blocks:
                s.add(b["slug"])
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--commits", type=int, required=True, help="commits after the scaffold")
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--violation-rate", type=float, default=0.02)
    ap.add_argument("--staged-change", action="store_true",
                    help="also write refs/heads/staged: 3 files, ~100 changed lines")
    ap.add_argument("--language", choices=["typescript", "python"], default="typescript",
                    help="the project's language (python: lib/*_stack.py, __main__.py)")
    a = ap.parse_args()
    if a.language == "python":
        global PY, TEST_PATH
        PY = True
        TEST_PATH = "tests/test_tap_stack.py"
    if a.commits < 1:
        ap.error("--commits must be at least 1")
    History(a).run()


if __name__ == "__main__":
    main()

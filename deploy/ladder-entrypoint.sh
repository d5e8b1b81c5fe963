#!/bin/sh
# The container's `ladder`: the launcher's JVM flags (from the parent POM, extracted at image build time),
# LADDER_JAVA_OPTS, then the command line. exec, so SIGTERM reaches the JVM and its shutdown hook.
set -eu
exec java $(cat /opt/ladder/jvm.flags) ${LADDER_JAVA_OPTS:-} -cp "/opt/ladder/ladder-server.jar:/opt/ladder/lib/*" \
  dev.ladder.server.cli.Main "$@"

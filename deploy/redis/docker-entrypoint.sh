#!/bin/sh
# Like the official image's entrypoint: `--appendonly yes` means `redis-server --appendonly yes`.
# Without a configuration file Redis would refuse clients from other hosts (protected mode, since
# there is no password): the container's network is the boundary here, so turn that off and keep
# data in /data. Options given afterwards, or a configuration file given first, override these.
set -e
case "$1" in
  -*) set -- redis-server "$@" ;;
esac
if [ "$1" = redis-server ] && { [ "$#" -eq 1 ] || [ "${2#-}" != "$2" ]; }; then
  shift
  set -- redis-server --protected-mode no --dir /data "$@"
fi
exec "$@"

// `help`: what this terminal can do, since it is not a whole Linux machine.

import type { Command } from "./program";

const TEXT = `This terminal is a lab machine with an etcd cluster. Commands:

  etcdctl ...        etcd 3.4's command line client (try 'etcdctl --help', 'etcdctl member list')
  cluster ...        control the simulated cluster: stop, kill, partition, slow disks ('cluster help')
  curl URL           an etcd member's /metrics, /health or /version (e.g. curl -s 127.0.0.1:2379/metrics)

  echo, cat, ls, mkdir, rm, pwd, cd      files in this machine's home directory
  grep, wc, head, tail, sort, base64     filters for pipelines (cmd | grep x)
  printf FORMAT [ARG]...                 formatted text (printf '%-8s %d\\n' pods 3)
  export, unset, env                     environment variables (ETCDCTL_ENDPOINTS=...)
  sleep N, timeout N cmd                 wait, or stop a command after N seconds (time is simulated)
  history, clear, help

Shell syntax: quotes, $'\\t', $VAR, $(cmd), {a,b}, {1..5}, VAR=x cmd, ;, &&, ||, |, <, >, >>, 2>, 2>&1.
`;

export const helpCommand: Command = function* (ctx) {
  ctx.io.out(TEXT);
  return 0;
};

import type { Locale } from "@/lib/i18n/config";
import styles from "./architecture-diagram.module.css";

// The lesson's ASCII architecture drawn as an accessible SVG: every client of the cluster
// talks to the API server, and only the API server talks to etcd, a 3-member Raft cluster.
// Text stays text (selectable, translatable, read by screen readers); colours come from
// the page's theme variables, so it follows dark mode.

const labels = {
  en: {
    title: "Kubernetes control plane and etcd",
    desc:
      "kubectl, the controller manager, the scheduler and every node's kubelet send all their requests to the Kubernetes API server. " +
      "The API server, run as three replicas for high availability, is the only client of etcd. " +
      "etcd is a cluster of three members in three zones that replicate one log with the Raft consensus algorithm: " +
      "one leader, two followers; a write is committed once a majority (2 of 3) has it, so the cluster survives the loss of one member. " +
      "etcd stores every Kubernetes object under keys that start with /registry/.",
    caption: "Every component talks only to the API server; the API server alone reads and writes etcd.",
    kubectl: "kubectl",
    you: "you, CI, ArgoCD",
    controllers: "controller-manager",
    controllersSub: "deployments, replicasets…",
    scheduler: "kube-scheduler",
    schedulerSub: "binds pods to nodes",
    kubelet: "kubelet",
    kubeletSub: "on every node",
    clientsEdge: "HTTPS: get · list · watch · create · update · delete",
    apiserver: "kube-apiserver × 3 (HA)",
    apiserverSub: "validation · admission · watch cache",
    apiReplica: (n: number) => `API server ${n}`,
    etcdClient: "etcd client",
    etcdEdge: "gRPC: Range · Put · Txn · Watch · Lease",
    onlyClient: "the only client of etcd",
    etcd: "etcd cluster · Raft",
    member: (n: number) => `etcd-${n}`,
    leader: "leader",
    follower: "follower",
    zone: (z: string) => `zone ${z}`,
    replication: "log replication, heartbeats",
    quorum: "quorum: 2 of 3 · survives 1 failure",
    stored: "/registry/: pods, deployments, services, configmaps, secrets, RBAC, CRDs, nodes, leases, events (TTL)",
  },
  ru: {
    title: "Control plane Kubernetes и etcd",
    desc:
      "kubectl, controller manager, scheduler и kubelet на каждой ноде отправляют все запросы в API Server Kubernetes. " +
      "API Server, запущенный в трёх репликах для высокой доступности, — единственный клиент etcd. " +
      "etcd — кластер из трёх членов в трёх зонах, которые реплицируют общий журнал по алгоритму консенсуса Raft: " +
      "один лидер и два последователя; запись подтверждается, когда её сохранило большинство (2 из 3), поэтому кластер переживает потерю одного члена. " +
      "etcd хранит все объекты Kubernetes под ключами, начинающимися с /registry/.",
    caption: "Все компоненты общаются только с API Server; читает и пишет в etcd только API Server.",
    kubectl: "kubectl",
    you: "вы, CI, ArgoCD",
    controllers: "controller-manager",
    controllersSub: "deployments, replicasets…",
    scheduler: "kube-scheduler",
    schedulerSub: "назначает pod'ы на ноды",
    kubelet: "kubelet",
    kubeletSub: "на каждой ноде",
    clientsEdge: "HTTPS: get · list · watch · create · update · delete",
    apiserver: "kube-apiserver × 3 (HA)",
    apiserverSub: "валидация · admission · watch cache",
    apiReplica: (n: number) => `API Server ${n}`,
    etcdClient: "etcd-клиент",
    etcdEdge: "gRPC: Range · Put · Txn · Watch · Lease",
    onlyClient: "единственный клиент etcd",
    etcd: "кластер etcd · Raft",
    member: (n: number) => `etcd-${n}`,
    leader: "лидер",
    follower: "последователь",
    zone: (z: string) => `зона ${z}`,
    replication: "репликация журнала, heartbeat",
    quorum: "кворум: 2 из 3 · переживает 1 сбой",
    stored: "/registry/: pods, deployments, services, configmaps, secrets, RBAC, CRD, nodes, leases, events (TTL)",
  },
} satisfies Record<Locale, unknown>;

const CLIENT_W = 172;
const CLIENT_GAP = 17;
const CLIENT_X0 = 24;
const clientX = (i: number) => CLIENT_X0 + i * (CLIENT_W + CLIENT_GAP);
const MEMBER_W = 190;
/** x of the three columns (API server replicas above, etcd members below). */
const COLUMNS = [60, 305, 550];

export function ArchitectureDiagram({ locale }: { locale: Locale }) {
  const t = labels[locale];
  const clients = [
    [t.kubectl, t.you],
    [t.controllers, t.controllersSub],
    [t.scheduler, t.schedulerSub],
    [t.kubelet, t.kubeletSub],
  ] as const;
  const titleId = `arch-title-${locale}`;
  const descId = `arch-desc-${locale}`;
  return (
    <figure className={styles.figure} data-testid="architecture-diagram">
      {/* On a phone the drawing keeps a readable size and scrolls sideways. */}
      <div className={styles.scroller} tabIndex={0} role="group" aria-label={t.title}>
        <svg viewBox="0 0 800 600" role="img" aria-labelledby={`${titleId} ${descId}`} className={styles.svg}>
          <title id={titleId}>{t.title}</title>
          <desc id={descId}>{t.desc}</desc>
          <defs>
            <marker id="arch-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0 0 10 5 0 10z" className={styles.arrowHead} />
            </marker>
          </defs>

          {clients.map(([name, sub], i) => (
            <g key={name}>
              <rect x={clientX(i)} y={16} width={CLIENT_W} height={62} rx={10} className={styles.client} />
              <text x={clientX(i) + CLIENT_W / 2} y={42} className={styles.name}>
                {name}
              </text>
              <text x={clientX(i) + CLIENT_W / 2} y={62} className={styles.sub}>
                {sub}
              </text>
              <line
                x1={clientX(i) + CLIENT_W / 2}
                y1={80}
                x2={clientX(i) + CLIENT_W / 2}
                y2={144}
                className={styles.edge}
                markerStart="url(#arch-arrow)"
                markerEnd="url(#arch-arrow)"
              />
            </g>
          ))}
          <text x={400} y={116} className={styles.edgeLabel}>
            {t.clientsEdge}
          </text>

          <rect x={24} y={148} width={752} height={128} rx={14} className={styles.api} />
          <text x={44} y={176} className={styles.groupTitle}>
            {t.apiserver}
          </text>
          <text x={756} y={176} className={`${styles.sub} ${styles.end}`}>
            {t.apiserverSub}
          </text>
          {COLUMNS.map((x, i) => (
            <g key={x}>
              <rect x={x} y={194} width={MEMBER_W} height={62} rx={8} className={styles.box} />
              <text x={x + MEMBER_W / 2} y={220} className={styles.name}>
                {t.apiReplica(i + 1)}
              </text>
              <text x={x + MEMBER_W / 2} y={241} className={styles.sub}>
                → {t.etcdClient}
              </text>
            </g>
          ))}

          <line
            x1={400}
            y1={278}
            x2={400}
            y2={336}
            className={styles.edgeStrong}
            markerStart="url(#arch-arrow)"
            markerEnd="url(#arch-arrow)"
          />
          <text x={412} y={302} className={`${styles.edgeLabel} ${styles.start}`}>
            {t.etcdEdge}
          </text>
          <text x={412} y={322} className={`${styles.note} ${styles.start}`}>
            {t.onlyClient}
          </text>

          <rect x={24} y={340} width={752} height={244} rx={14} className={styles.etcd} />
          <text x={44} y={368} className={styles.groupTitle}>
            {t.etcd}
          </text>
          <text x={756} y={368} className={`${styles.sub} ${styles.end}`}>
            {t.quorum}
          </text>
          {COLUMNS.map((x, i) => {
            const zone = "ABC"[i]!;
            const leader = i === 0;
            return (
              <g key={zone}>
                <rect x={x} y={388} width={MEMBER_W} height={86} rx={10} className={leader ? styles.leader : styles.box} />
                <text x={x + MEMBER_W / 2} y={416} className={styles.name}>
                  {t.member(i + 1)}
                </text>
                <text x={x + MEMBER_W / 2} y={440} className={leader ? styles.leaderLabel : styles.sub}>
                  {leader ? `★ ${t.leader}` : t.follower}
                </text>
                <text x={x + MEMBER_W / 2} y={461} className={styles.sub}>
                  {t.zone(zone)}
                </text>
              </g>
            );
          })}
          <path d={`M ${COLUMNS[0]! + MEMBER_W} 420 H ${COLUMNS[1]! - 4}`} className={styles.raft} markerEnd="url(#arch-arrow)" />
          <path
            d={`M ${COLUMNS[0]! + MEMBER_W / 2} 476 V 498 H ${COLUMNS[2]! + MEMBER_W / 2} V 478`}
            className={styles.raft}
            markerEnd="url(#arch-arrow)"
          />
          <text x={400} y={516} className={styles.note}>
            {t.replication}
          </text>
          <text x={400} y={556} className={styles.stored}>
            {t.stored}
          </text>
        </svg>
      </div>
      <figcaption className={styles.caption}>{t.caption}</figcaption>
    </figure>
  );
}

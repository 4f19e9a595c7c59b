"use client";

import type { ClusterView } from "@/lib/labs/view";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import styles from "./lab.module.css";

interface Props {
  view: ClusterView;
  t: Dictionary["lab"];
  /** Runs a `cluster ...` operator command on the lab's control terminal. */
  control(line: string): void;
}

/** The etcd members as Raft sees them, with the operator's controls, and Kubernetes at a glance. */
export function ClusterPanel({ view, t, control }: Props) {
  const leader = view.members.find((m) => m.role === "leader");
  return (
    <section className={styles.cluster} aria-label={t.cluster} data-testid="cluster-view">
      <h2 className={styles.panelTitle}>
        {t.members}
        <span className={styles.leaderBadge}>{leader ? `${t.leader}: ${leader.name}` : t.noLeader}</span>
      </h2>
      <ul className={styles.members}>
        {view.members.map((m) => (
          <li key={m.id} className={styles.member} data-role={m.role} data-process={m.process} data-testid={`member-${m.name}`}>
            <div className={styles.memberHead}>
              <strong>{m.name}</strong>
              <span className={styles.role}>{m.process === "running" ? m.role : m.process}</span>
            </div>
            <dl className={styles.memberStats}>
              <div>
                <dt>{t.term}</dt>
                <dd>{m.term}</dd>
              </div>
              <div>
                <dt>{t.commit}</dt>
                <dd>{m.commit}</dd>
              </div>
              <div>
                <dt>{t.applied}</dt>
                <dd>{m.applied}</dd>
              </div>
            </dl>
            <div className={styles.memberDisk}>
              {m.disk}
              {m.diskStalled ? " (stalled)" : ""}
            </div>
            <div className={styles.memberActions}>
              {m.process === "running" ? (
                <>
                  <button type="button" onClick={() => control(`cluster stop ${m.name}`)}>
                    {t.stop}
                  </button>
                  <button type="button" onClick={() => control(`cluster kill ${m.name}`)}>
                    {t.kill}
                  </button>
                  <button type="button" onClick={() => control(`cluster isolate ${m.name}`)}>
                    {t.isolate}
                  </button>
                  <button type="button" onClick={() => control(`cluster slow-disk ${m.name} ${m.disk === "slow" ? "ssd" : "slow"}`)}>
                    {m.disk === "slow" ? t.fastDisk : t.slowDisk}
                  </button>
                </>
              ) : (
                <button type="button" onClick={() => control(`cluster start ${m.name}`)}>
                  {t.start}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {view.cutLinks.length > 0 ? (
        <p className={styles.cutLinks}>
          {t.cutLinks}: {view.cutLinks.join(", ")}{" "}
          <button type="button" onClick={() => control("cluster heal")}>
            {t.heal}
          </button>
        </p>
      ) : null}
      {view.kube ? (
        <>
          <h2 className={styles.panelTitle}>{t.nodes}</h2>
          <ul className={styles.nodes}>
            {view.kube.nodes.map((n) => (
              <li key={n.name} data-ready={n.ready} data-powered={n.powered}>
                {n.name}
                <span>{n.powered ? (n.ready ? "Ready" : "NotReady") : "off"}</span>
              </li>
            ))}
          </ul>
          <h2 className={styles.panelTitle}>{t.pods}</h2>
          <p className={styles.podCounts}>
            {Object.entries(view.kube.podCounts)
              .sort()
              .map(([status, n]) => `${status} ${n}`)
              .join(" · ")}
          </p>
        </>
      ) : null}
    </section>
  );
}

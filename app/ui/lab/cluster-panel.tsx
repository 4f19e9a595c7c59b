"use client";

import { useState } from "react";
import type { ClusterView } from "@/lib/labs/view";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import styles from "./lab.module.css";
import { RaftDiagram } from "./raft-diagram";

interface Props {
  view: ClusterView;
  t: Dictionary["lab"];
  /** Runs a `cluster ...` operator command on the lab's control terminal. */
  control(line: string): void;
}

/** The etcd members as Raft sees them, with the operator's controls, and Kubernetes at a glance. */
export function ClusterPanel({ view, t, control }: Props) {
  const leader = view.members.find((m) => m.role === "leader");
  // Members picked for one side of a partition.
  const [side, setSide] = useState<string[]>([]);
  const others = view.members.filter((m) => !side.includes(m.name)).map((m) => m.name);
  return (
    <section className={styles.cluster} aria-label={t.cluster} data-testid="cluster-view">
      <h2 className={styles.panelTitle}>
        {t.members}
        <span className={styles.leaderBadge}>{leader ? `${t.leader}: ${leader.name}` : t.noLeader}</span>
      </h2>
      <div className={styles.raftRow}>
        <RaftDiagram view={view} label={t.traffic} />
        <div className={styles.partitionBox}>
          <p>{t.partitionHelp}</p>
          <div className={styles.memberActions}>
            {view.members.map((m) => (
              <label key={m.id}>
                <input
                  type="checkbox"
                  checked={side.includes(m.name)}
                  onChange={(e) => setSide((s) => (e.target.checked ? [...s, m.name] : s.filter((n) => n !== m.name)))}
                />{" "}
                {m.name}
              </label>
            ))}
          </div>
          <div className={styles.memberActions}>
            <button
              type="button"
              disabled={side.length === 0 || others.length === 0}
              onClick={() => {
                control(`cluster partition ${side.join(",")} ${others.join(",")}`);
                setSide([]);
              }}
            >
              {t.partition}
            </button>
            <button type="button" onClick={() => control("cluster heal")} disabled={view.cutLinks.length === 0}>
              {t.heal}
            </button>
          </div>
        </div>
      </div>
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
            <ol className={styles.log} aria-label={`${m.name}: ${t.log}`}>
              {m.log.map((e) => (
                <li key={e.index} data-committed={e.index <= m.commit} title={`${t.logIndex} ${e.index}, ${t.term} ${e.term}`}>
                  <span>
                    {e.index}·t{e.term}
                  </span>{" "}
                  {e.summary}
                </li>
              ))}
            </ol>
            <div className={styles.memberDisk}>
              {t.disk}: {m.disk}
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
          {t.cutLinks}: {view.cutLinks.join(", ")}
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
          <p className={styles.podCounts} data-testid="pod-counts">
            {Object.entries(view.kube.podCounts)
              .sort()
              .map(([status, n]) => `${status} ${n}`)
              .join(" · ")}
          </p>
          {view.kube.deployments.length > 0 ? (
            <>
              <h2 className={styles.panelTitle}>{t.deployments}</h2>
              <table className={styles.deployments}>
                <tbody>
                  {view.kube.deployments.map((d) => (
                    <tr key={`${d.namespace}/${d.name}`} data-ready={d.ready >= d.replicas}>
                      <td>{d.namespace}</td>
                      <td>{d.name}</td>
                      <td>
                        {d.ready}/{d.replicas}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

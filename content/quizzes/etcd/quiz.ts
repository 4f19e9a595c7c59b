// The quiz of the lesson "What is etcd and why is it critical for Kubernetes?" (content/lessons/etcd).
// Every question names the lesson section it checks; the lab questions are checked on the state at
// the end of the learner's run (lib/labs/checks.ts), replayed on the server.
import { etcdKv, etcdValue, kubeObject, raftState, ran } from "@/lib/labs/checks";
import type { Choice, Localized, QuizDefinition } from "@/lib/quizzes/types";

/** Russian first, as the lesson is written. */
function l(ru: string, en: string): Localized {
  return { ru, en };
}

function c(id: string, ru: string, en: string): Choice {
  return { id, text: { ru, en } };
}

/** A fresh sandbox cluster elects its first leader in term 2 (term 1 is the bootstrap's). */
const SANDBOX_FIRST_TERM = 2;

export const quiz: QuizDefinition = {
  slug: "etcd",
  lesson: "etcd",
  title: l("Тест: etcd и его роль в Kubernetes", "Quiz: etcd and its role in Kubernetes"),
  description: l(
    "Кворум и Raft, что Kubernetes хранит в etcd, watch и resourceVersion, мониторинг, бэкапы, лимиты и поведение кластера при сбое etcd. Несколько вопросов нужно выполнить в лабораторной работе.",
    "Quorum and Raft, what Kubernetes stores in etcd, watch and resourceVersion, monitoring, backups, limits and how the cluster behaves when etcd fails. A few questions are done in a lab.",
  ),
  policy: { maxAttempts: 3, grading: "highest", minutesBetweenAttempts: 0, passPercent: 70 },
  questions: [
    // ─────────────────────────────────────────────── What is etcd?
    {
      id: "etcd-data-model",
      section: "what-is-etcd",
      type: "single",
      prompt: l("Что из перечисленного точнее всего описывает etcd?", "Which of these describes etcd most accurately?"),
      choices: [
        c(
          "a",
          "Реляционная база данных: по таблице на каждый тип ресурсов Kubernetes",
          "A relational database with one table per Kubernetes resource type",
        ),
        c(
          "b",
          "Eventually consistent распределённый кэш: реплики сходятся со временем, как в Redis Cluster",
          "An eventually consistent distributed cache whose replicas converge over time, like Redis Cluster",
        ),
        c(
          "c",
          "Распределённое строго консистентное хранилище ключ-значение, реплицирующее журнал записей по Raft",
          "A distributed, strongly consistent key-value store that replicates its log of writes with Raft",
        ),
        c(
          "d",
          "Документная база, хранящая YAML-манифесты в том виде, в каком их применили через kubectl",
          "A document database that keeps YAML manifests exactly as they were applied with kubectl",
        ),
      ],
      answer: "c",
      explanation: l(
        "etcd — хранилище ключ-значение: каждая запись проходит через журнал Raft и фиксируется большинством членов кластера, поэтому чтения по умолчанию строго консистентны. Это не кэш с «постепенной» сходимостью и не SQL-база: API Server сам сериализует объекты (обычно в protobuf) и кладёт их по ключам.",
        "etcd is a key-value store: every write goes through the Raft log and is committed by a majority of members, so reads are strongly consistent by default. It is neither a cache that converges eventually nor an SQL database: the API Server serializes objects itself (usually as protobuf) and stores them under keys.",
      ),
    },
    {
      id: "consensus-algorithm",
      section: "what-is-etcd",
      type: "text",
      prompt: l(
        "Как называется алгоритм консенсуса, с помощью которого члены etcd выбирают лидера и реплицируют журнал записей? Ответьте одним словом.",
        "What is the consensus algorithm etcd members use to elect a leader and replicate their log of writes? Answer in one word.",
      ),
      accept: ["raft", "рафт", "raft consensus( algorithm)?"],
      canonical: l("Raft", "Raft"),
      explanation: l(
        "etcd использует Raft: один лидер принимает записи и реплицирует их на followers, запись считается зафиксированной, когда её сохранило большинство. Paxos решает ту же задачу, но в etcd реализован именно Raft.",
        "etcd uses Raft: a single leader accepts writes and replicates them to the followers, and an entry is committed once a majority has stored it. Paxos solves the same problem, but etcd implements Raft.",
      ),
    },
    {
      id: "flat-keyspace-prefixes",
      section: "what-is-etcd",
      type: "truefalse",
      prompt: l(
        "В etcd v3 пространство ключей плоское и отсортированное: «каталогов» нет, а выборка вроде `etcdctl get /registry/pods/ --prefix` — это просто запрос диапазона ключей с общим префиксом.",
        "In etcd v3 the keyspace is flat and sorted: there are no directories, and a query like `etcdctl get /registry/pods/ --prefix` is just a range request over the keys that share a prefix.",
      ),
      answer: true,
      explanation: l(
        "Верно. Ключи — произвольные байтовые строки, упорядоченные лексикографически; `--prefix` превращается в диапазон [префикс, следующий за префиксом ключ). Иерархия каталогов была в API v2, в v3 её нет — слэши в ключах лишь соглашение.",
        "True. Keys are arbitrary byte strings kept in lexicographic order; `--prefix` becomes the range [prefix, the key right after the prefix). The v2 API had directories; v3 has none, and slashes in keys are only a convention.",
      ),
    },

    // ─────────────────────────────────────────────── Why etcd is critical for Kubernetes
    {
      id: "source-of-truth-meaning",
      section: "single-source-of-truth",
      type: "single",
      prompt: l(
        "Что на практике означает, что etcd — «единственный источник истины» кластера Kubernetes?",
        'What does it mean in practice that etcd is the "single source of truth" of a Kubernetes cluster?',
      ),
      choices: [
        c(
          "a",
          "Каждая нода хранит свою авторитетную копию состояния кластера, а etcd лишь собирает их вместе",
          "Every node keeps its own authoritative copy of the cluster state, and etcd only aggregates them",
        ),
        c(
          "b",
          "Желаемое и наблюдаемое состояние всех объектов API хранится только в etcd; контроллеры, scheduler и kubelet держат лишь кэши, которые восстанавливаются из него через API Server",
          "The desired and observed state of every API object lives only in etcd; controllers, the scheduler and kubelets hold only caches, rebuilt from it through the API Server",
        ),
        c(
          "c",
          "В etcd хранится только конфигурация, а текущее состояние ресурсов авторитетно хранят kubelet'ы",
          "etcd holds only configuration, while the kubelets are authoritative for the current state of resources",
        ),
        c(
          "d",
          "В etcd хранятся и объекты API, и образы контейнеров, и логи, поэтому больше ничего бэкапить не нужно",
          "etcd holds API objects, container images and logs, so nothing else ever needs a backup",
        ),
      ],
      answer: "b",
      explanation: l(
        "Всё, что знают компоненты кластера, — производное от содержимого etcd: после перезапуска они заново делают LIST и WATCH через API Server. При этом образы, логи и данные томов в etcd не хранятся.",
        "Everything the cluster's components know is derived from etcd: after a restart they LIST and WATCH again through the API Server. Images, logs and volume data, however, are not stored in etcd.",
      ),
    },
    {
      id: "serializable-read-partitioned-follower",
      section: "data-consistency",
      type: "single",
      prompt: l(
        "Follower отрезан сетью от лидера и остальных членов. Клиент делает на нём сериализуемое чтение: `etcdctl get /app/config --consistency=s`. Что произойдёт?",
        "A follower is cut off from the leader and the other members. A client performs a serializable read on it: `etcdctl get /app/config --consistency=s`. What happens?",
      ),
      choices: [
        c("a", "Запрос завершится ошибкой: любое чтение в etcd требует кворума", "The request fails: every read in etcd needs a quorum"),
        c(
          "b",
          "Follower перешлёт запрос лидеру, поэтому ответ всегда будет актуальным",
          "The follower forwards the request to the leader, so the answer is always up to date",
        ),
        c(
          "c",
          "Follower ответит из своей локальной копии данных — ответ может оказаться устаревшим",
          "The follower answers from its local copy — the answer may be stale",
        ),
        c(
          "d",
          "Follower вернёт ошибку `not leader` и подскажет адрес лидера",
          "The follower returns a `not leader` error pointing to the leader",
        ),
      ],
      answer: "c",
      explanation: l(
        "Сериализуемое чтение обслуживается одним членом без обращения к Raft: оно быстрое и работает без кворума, но может вернуть устаревшие данные. Линеаризуемое чтение (по умолчанию) подтверждает у лидера актуальный commit index (ReadIndex) и на отрезанном follower'е не пройдёт.",
        "A serializable read is served by a single member without going through Raft: it is fast and works without quorum, but may return stale data. A linearizable read (the default) confirms the current commit index with the leader (ReadIndex) and fails on a cut-off follower.",
      ),
    },
    {
      id: "txn-semantics",
      section: "data-consistency",
      type: "multiple",
      prompt: l("Какие утверждения о транзакциях etcd (`Txn`) верны?", "Which statements about etcd transactions (`Txn`) are true?"),
      choices: [
        c(
          "a",
          "Txn проверяет условия (например, `mod_revision` ключа) и атомарно выполняет либо список операций на случай успеха, либо список на случай неудачи",
          "A Txn checks conditions (such as a key's `mod_revision`) and atomically runs either the success list of operations or the failure list",
        ),
        c(
          "b",
          "Клиент может открыть транзакцию, держать блокировки и выполнять операции в течение нескольких запросов, как в SQL",
          "A client can open a transaction, hold locks and run operations across several requests, as in SQL",
        ),
        c(
          "c",
          "API Server реализует optimistic concurrency через Txn, сравнивающую `mod_revision` ключа с resourceVersion из запроса",
          "The API Server implements optimistic concurrency with a Txn comparing the key's `mod_revision` to the request's resourceVersion",
        ),
        c(
          "d",
          "Все изменения внутри одной Txn получают одну и ту же ревизию хранилища",
          "All the changes made by one Txn get the same store revision",
        ),
        c(
          "e",
          "Одна Txn может атомарно изменить ключи в нескольких разных кластерах etcd",
          "A single Txn can atomically change keys in several different etcd clusters",
        ),
      ],
      answer: ["a", "c", "d"],
      explanation: l(
        "Txn в etcd — мини-транзакция из одного запроса: сравнения, затем ветка success или failure, применяется атомарно и целиком на одной ревизии. Интерактивных транзакций с блокировками, как в SQL, нет, и выйти за пределы одного кластера Txn не может.",
        "An etcd Txn is a single-request mini-transaction: comparisons, then the success or the failure branch, applied atomically and at a single revision. There are no interactive transactions holding locks as in SQL, and a Txn cannot span clusters.",
      ),
    },
    {
      id: "minority-partition-writes",
      section: "data-consistency",
      type: "truefalse",
      prompt: l(
        "Кластер из 5 членов разделила сеть на группы из 2 и 3 членов. Если старый лидер оказался в группе из двух, эта группа продолжит принимать записи.",
        "A network partition splits a 5-member cluster into groups of 2 and 3 members. If the old leader ended up in the group of two, that group keeps accepting writes.",
      ),
      answer: false,
      explanation: l(
        "Неверно. Лидер в меньшинстве не может собрать подтверждения от большинства (3 из 5), поэтому ни одна запись там не фиксируется, а с CheckQuorum он вскоре слагает полномочия. Большая группа из трёх выбирает нового лидера в более высоком term — так Raft и защищает от split-brain.",
        "False. A leader in the minority cannot get acknowledgements from a majority (3 of 5), so nothing commits there, and with CheckQuorum it soon steps down. The group of three elects a new leader in a higher term — this is how Raft prevents split-brain.",
      ),
    },
    {
      id: "failures-five-members",
      section: "high-availability",
      type: "numeric",
      prompt: l(
        "Сколько членов кластера etcd из 5 могут одновременно выйти из строя, чтобы кластер продолжал принимать записи?",
        "How many members of a 5-member etcd cluster can fail at the same time with the cluster still accepting writes?",
      ),
      answer: 2,
      tolerance: 0,
      explanation: l(
        "Кворум для 5 членов — ⌊5/2⌋ + 1 = 3, значит, можно потерять 5 − 3 = 2 члена. При отказе третьего записи остановятся.",
        "The quorum of 5 members is ⌊5/2⌋ + 1 = 3, so 5 − 3 = 2 members can be lost. When a third one fails, writes stop.",
      ),
    },
    {
      id: "quorum-seven-members",
      section: "high-availability",
      type: "numeric",
      prompt: l(
        "Каков размер кворума (сколько членов должны подтвердить запись) в кластере etcd из 7 членов?",
        "What is the quorum size (how many members must acknowledge a write) of a 7-member etcd cluster?",
      ),
      answer: 4,
      tolerance: 0,
      unit: l("членов", "members"),
      explanation: l(
        "Кворум — строгое большинство: ⌊7/2⌋ + 1 = 4. Такой кластер переживает отказ трёх членов, но каждая запись ждёт подтверждения от четырёх, поэтому больше 5 членов обычно не ставят.",
        "Quorum is a strict majority: ⌊7/2⌋ + 1 = 4. Such a cluster survives three failed members, but every write waits for four acknowledgements, which is why clusters larger than 5 are rare.",
      ),
    },
    {
      id: "why-odd-members",
      section: "high-availability",
      type: "single",
      prompt: l(
        "Почему кластер etcd обычно делают из 3 или 5 членов, а не из 4 или 6?",
        "Why are etcd clusters usually made of 3 or 5 members rather than 4 or 6?",
      ),
      choices: [
        c(
          "a",
          "При чётном числе членов голоса на выборах делятся поровну, и Raft не может выбрать лидера",
          "With an even number of members the votes split evenly and Raft cannot elect a leader",
        ),
        c(
          "b",
          "При чётном числе членов сетевой раздел пополам приводит к split-brain: две половины выбирают по лидеру",
          "With an even number of members a partition down the middle causes split-brain: each half elects a leader",
        ),
        c("c", "etcd отказывается запускаться с чётным числом членов", "etcd refuses to start with an even number of members"),
        c(
          "d",
          "Четвёртый член повышает кворум до 3, но кластер по-прежнему переживает отказ только одного члена — лишняя нагрузка без выигрыша в отказоустойчивости",
          "A fourth member raises the quorum to 3, yet the cluster still survives only one failure — extra load with no gain in fault tolerance",
        ),
      ],
      answer: "d",
      explanation: l(
        "Кластер из n членов переживает ⌊(n−1)/2⌋ отказов: 3 и 4 члена — по одному, 5 и 6 — по два. Чётный член лишь добавляет ещё одну реплику, которую надо ждать. Ничьи на выборах разрешаются рандомизированными таймаутами, а при разделе пополам ни одна половина не имеет кворума — split-brain не возникает, просто записи останавливаются.",
        "A cluster of n members survives ⌊(n−1)/2⌋ failures: 3 and 4 members survive one, 5 and 6 survive two. The even member only adds another replica to wait for. Split votes are resolved by randomized timeouts, and when a partition splits the cluster in half neither half has quorum — no split-brain, writes just stop.",
      ),
    },

    // ─────────────────────────────────────────────── What is stored in etcd
    {
      id: "registry-prefix",
      section: "stored-kubernetes-objects",
      type: "text",
      prompt: l(
        "Под каким префиксом ключей kube-apiserver по умолчанию хранит объекты Kubernetes в etcd (значение флага `--etcd-prefix` по умолчанию)?",
        "Under which key prefix does kube-apiserver store Kubernetes objects in etcd by default (the default of its `--etcd-prefix` flag)?",
      ),
      accept: ["/?registry/?"],
      canonical: l("/registry", "/registry"),
      explanation: l(
        "По умолчанию ключи имеют вид `/registry/<ресурс>/<namespace>/<имя>`, например `/registry/pods/default/nginx`. Поэтому `etcdctl get /registry --prefix --keys-only` показывает все объекты кластера.",
        "By default keys look like `/registry/<resource>/<namespace>/<name>`, for example `/registry/pods/default/nginx`. That is why `etcdctl get /registry --prefix --keys-only` lists every object of the cluster.",
      ),
    },
    {
      id: "registry-keys",
      section: "stored-kubernetes-objects",
      type: "matching",
      prompt: l(
        "Сопоставьте объект Kubernetes с ключом, под которым kube-apiserver хранит его в etcd.",
        "Match each Kubernetes object with the key under which kube-apiserver stores it in etcd.",
      ),
      prompts: [
        c("pod", "Pod `nginx` в namespace `default`", "Pod `nginx` in namespace `default`"),
        c("deploy", "Deployment `argocd-server` в namespace `argocd`", "Deployment `argocd-server` in namespace `argocd`"),
        c("svc", "Service `kubernetes` в namespace `default`", "Service `kubernetes` in namespace `default`"),
        c("lease", "Lease-heartbeat ноды `worker-1`", "The heartbeat Lease of node `worker-1`"),
        c("ns", "Namespace `monitoring`", "Namespace `monitoring`"),
      ],
      options: [
        c("o1", "`/registry/services/specs/default/kubernetes`", "`/registry/services/specs/default/kubernetes`"),
        c("o2", "`/registry/default/pods/nginx`", "`/registry/default/pods/nginx`"),
        c("o3", "`/registry/namespaces/monitoring`", "`/registry/namespaces/monitoring`"),
        c("o4", "`/registry/pods/default/nginx`", "`/registry/pods/default/nginx`"),
        c("o5", "`/registry/leases/kube-node-lease/worker-1`", "`/registry/leases/kube-node-lease/worker-1`"),
        c("o6", "`/registry/deployments/argocd/argocd-server`", "`/registry/deployments/argocd/argocd-server`"),
        c("o7", "`/registry/nodes/worker-1/lease`", "`/registry/nodes/worker-1/lease`"),
      ],
      answer: { pod: "o4", deploy: "o6", svc: "o1", lease: "o5", ns: "o3" },
      explanation: l(
        "Ключ строится как `/registry/<ресурс>/<namespace>/<имя>`: сначала тип ресурса, потом namespace (у кластерных объектов, как Namespace, его нет). У Service исторически есть промежуточный сегмент `specs`, а heartbeat'ы нод — это объекты Lease в namespace `kube-node-lease`.",
        "A key is built as `/registry/<resource>/<namespace>/<name>`: the resource type first, then the namespace (cluster-scoped objects such as Namespaces have none). Services historically have an extra `specs` segment, and node heartbeats are Lease objects in the `kube-node-lease` namespace.",
      ),
    },
    {
      id: "secrets-unencrypted",
      section: "stored-kubernetes-objects",
      type: "truefalse",
      prompt: l(
        "Если у kube-apiserver не настроено шифрование (`--encryption-provider-config`), Secrets лежат в etcd незашифрованными, и любой, кто может читать etcd или его снапшоты, может прочитать их содержимое.",
        "Unless kube-apiserver is configured with encryption (`--encryption-provider-config`), Secrets are stored in etcd unencrypted, and anyone who can read etcd or its snapshots can read their contents.",
      ),
      answer: true,
      explanation: l(
        "Верно. base64 в манифестах Secret — кодировка, а не шифрование; без encryption at rest данные попадают в etcd как есть. Поэтому доступ к etcd и к файлам снапшотов нужно защищать так же строго, как сами секреты.",
        "True. The base64 in Secret manifests is an encoding, not encryption; without encryption at rest the data lands in etcd as is. That is why access to etcd and to snapshot files must be guarded as strictly as the secrets themselves.",
      ),
    },
    {
      id: "what-is-in-etcd",
      section: "stored-cluster-configuration",
      type: "multiple",
      prompt: l("Что из этого хранится в etcd кластера Kubernetes?", "Which of these are stored in a Kubernetes cluster's etcd?"),
      choices: [
        c("a", "Образы контейнеров, которые запущены на нодах", "The container images running on the nodes"),
        c("b", "Roles, ClusterRoles и их привязки (RBAC)", "Roles, ClusterRoles and their bindings (RBAC)"),
        c(
          "c",
          "Определения CRD и сами custom resources, например ArgoCD Applications",
          "CRD definitions and the custom resources themselves, such as ArgoCD Applications",
        ),
        c("d", "Данные, которые приложения пишут в PersistentVolumes", "The data applications write to PersistentVolumes"),
        c("e", "Объекты Node и их heartbeat'ы (Lease)", "Node objects and their heartbeats (Leases)"),
        c("f", "Логи контейнеров, которые показывает `kubectl logs`", "The container logs that `kubectl logs` shows"),
      ],
      answer: ["b", "c", "e"],
      explanation: l(
        "В etcd хранятся объекты API: RBAC, CRD и custom resources, Nodes, Leases и всё остальное, что создаётся через API Server. Образы лежат в registry и на нодах, данные томов — на дисках хранилища, а `kubectl logs` читает логи с ноды через kubelet.",
        "etcd holds API objects: RBAC, CRDs and custom resources, Nodes, Leases and everything else created through the API Server. Images live in registries and on nodes, volume data on storage disks, and `kubectl logs` reads logs from the node through the kubelet.",
      ),
    },
    {
      id: "events-ttl",
      section: "stored-application-state",
      type: "single",
      prompt: l(
        "В кластере постоянно появляются Events. Почему они не копятся в etcd бесконечно?",
        "A cluster produces Events all the time. Why don't they pile up in etcd forever?",
      ),
      choices: [
        c(
          "a",
          "API Server записывает их с lease etcd, и они удаляются автоматически по истечении `--event-ttl` (по умолчанию 1 час)",
          "The API Server writes them with an etcd lease, and they are deleted automatically when `--event-ttl` expires (1 hour by default)",
        ),
        c("b", "Compaction etcd удаляет все ключи старше 5 минут", "etcd compaction deletes every key older than 5 minutes"),
        c(
          "c",
          "Events вообще не попадают в etcd — они живут только в памяти API Server",
          "Events never reach etcd — they live only in the API Server's memory",
        ),
        c(
          "d",
          "kubelet удаляет события пода, когда удаляется сам под",
          "The kubelet deletes a pod's events when the pod itself is deleted",
        ),
      ],
      answer: "a",
      explanation: l(
        "Events — обычные объекты в etcd, но привязанные к lease: когда lease истекает, etcd удаляет ключи сам. Compaction же удаляет только старые ревизии ключей, а не актуальные ключи.",
        "Events are ordinary objects in etcd, but attached to a lease: when the lease expires, etcd deletes the keys itself. Compaction, on the other hand, removes only old revisions of keys, never the current keys.",
      ),
    },

    // ─────────────────────────────────────────────── Interacting with etcd
    {
      id: "why-only-apiserver",
      section: "only-api-server-talks-to-etcd",
      type: "multiple",
      prompt: l(
        "Почему scheduler, контроллеры и kubelet работают с состоянием кластера через kube-apiserver, а не читают и пишут etcd напрямую? Выберите все верные причины.",
        "Why do the scheduler, controllers and kubelets work with cluster state through kube-apiserver instead of reading and writing etcd directly? Select all valid reasons.",
      ),
      choices: [
        c(
          "a",
          "Только в API Server выполняются аутентификация, авторизация (RBAC) и admission — в etcd нет понятия прав на объекты Kubernetes",
          "Authentication, authorization (RBAC) and admission happen only in the API Server — etcd has no notion of permissions on Kubernetes objects",
        ),
        c(
          "b",
          "API Server валидирует объекты, подставляет значения по умолчанию и конвертирует версии API при сериализации",
          "The API Server validates objects, applies defaults and converts between API versions when it serializes them",
        ),
        c(
          "c",
          "etcd может обслуживать только одно клиентское соединение одновременно",
          "etcd can serve only one client connection at a time",
        ),
        c(
          "d",
          "watch cache API Server раздаёт одни и те же события многим клиентам, снимая нагрузку с etcd",
          "The API Server's watch cache fans the same events out to many clients, taking load off etcd",
        ),
        c(
          "e",
          "etcd не поддерживает TLS, поэтому к нему нельзя подключаться по сети",
          "etcd does not support TLS, so it cannot be reached over the network",
        ),
      ],
      answer: ["a", "b", "d"],
      explanation: l(
        "API Server — единственная точка, где соблюдаются правила Kubernetes: права, admission, валидация, версии API; прямой доступ к etcd обошёл бы их все. Заодно watch cache мультиплексирует watch'и. etcd при этом спокойно держит тысячи соединений и поддерживает mTLS.",
        "The API Server is the only place where Kubernetes' rules are enforced: permissions, admission, validation, API versions; direct access to etcd would bypass all of them. Its watch cache also multiplexes watches. etcd itself handles thousands of connections and supports mTLS.",
      ),
    },
    {
      id: "watch-compacted-410",
      section: "watch-mechanism",
      type: "single",
      prompt: l(
        "Информер контроллера переподключается и просит WATCH с resourceVersion, ревизии которого etcd уже удалил при compaction. Что произойдёт?",
        "A controller's informer reconnects and asks for a WATCH from a resourceVersion whose revisions etcd has already compacted away. What happens?",
      ),
      choices: [
        c(
          "a",
          "Watch молча начнётся с текущей ревизии, а пропущенные события будут потеряны",
          "The watch silently starts from the current revision, and the missed events are lost",
        ),
        c(
          "b",
          "API Server вернёт 409 Conflict, и контроллер повторит тот же запрос",
          "The API Server returns 409 Conflict, and the controller retries the same request",
        ),
        c(
          "c",
          "etcd восстановит удалённые ревизии из WAL и отдаст все события",
          "etcd rebuilds the compacted revisions from the WAL and delivers every event",
        ),
        c(
          "d",
          "API Server ответит 410 Gone («too old resource version»), и клиент должен заново сделать LIST и начать watch с полученного resourceVersion",
          'The API Server answers 410 Gone ("too old resource version"), and the client must LIST again and start a watch from the resourceVersion it got',
        ),
      ],
      answer: "d",
      explanation: l(
        "Схема LIST + WATCH с resourceVersion гарантирует, что клиент увидит каждое изменение после своего LIST — но только пока нужная история не удалена. Если она уже compacted, API Server отвечает 410 Gone, и информер делает relist; тихо пропустить события он не может. 409 Conflict — ответ на обновление с устаревшим resourceVersion, а не на watch.",
        "LIST + WATCH from a resourceVersion guarantees the client sees every change after its LIST — but only while that history still exists. Once it is compacted, the API Server answers 410 Gone and the informer relists; it never silently skips events. 409 Conflict answers an update with a stale resourceVersion, not a watch.",
      ),
    },
    {
      id: "resource-version-meaning",
      section: "object-versioning",
      type: "single",
      prompt: l(
        "Чем с точки зрения etcd является resourceVersion отдельного объекта Kubernetes?",
        "What is the resourceVersion of a single Kubernetes object, in etcd terms?",
      ),
      choices: [
        c(
          "a",
          "Счётчик изменений, хранящийся в JSON объекта (`version` ключа в etcd)",
          "A counter of changes stored in the object's JSON (the key's `version` in etcd)",
        ),
        c(
          "b",
          "Ревизия etcd, на которой ключ объекта изменился в последний раз (`mod_revision`); API Server подставляет её при чтении",
          "The etcd revision at which the object's key was last modified (`mod_revision`); the API Server fills it in on read",
        ),
        c(
          "c",
          "Ревизия, на которой объект был создан (`create_revision`)",
          "The revision at which the object was created (`create_revision`)",
        ),
        c("d", "Хеш spec объекта, меняющийся при каждом изменении", "A hash of the object's spec that changes on every update"),
      ],
      answer: "b",
      explanation: l(
        "resourceVersion — это `mod_revision` ключа: глобальная ревизия etcd на момент последнего изменения объекта. `version` — счётчик изменений конкретного ключа, он в resourceVersion не используется. Внутри сохранённого объекта resourceVersion не хранится.",
        "resourceVersion is the key's `mod_revision`: etcd's global revision at the object's last change. `version` is the per-key change counter and is not what resourceVersion uses. The resourceVersion is not stored inside the saved object.",
      ),
    },
    {
      id: "resource-version-opaque",
      section: "object-versioning",
      type: "truefalse",
      prompt: l(
        "Раз resourceVersion берётся из ревизии etcd, клиент может сравнивать два resourceVersion как целые числа, чтобы понять, какая версия объекта новее.",
        "Since resourceVersion comes from the etcd revision, a client may compare two resourceVersions as integers to tell which version of an object is newer.",
      ),
      answer: false,
      explanation: l(
        "Неверно. Контракт API — resourceVersion непрозрачная строка: её можно передавать обратно (в update, watch, list), но не сравнивать на «больше-меньше». То, что сегодня это ревизия etcd, — деталь реализации хранилища.",
        "False. The API contract says resourceVersion is an opaque string: you may pass it back (in an update, watch or list) but not compare it for ordering. That it is an etcd revision today is an implementation detail of the storage.",
      ),
    },
    {
      id: "version-after-delete",
      section: "object-versioning",
      type: "numeric",
      prompt: l(
        "Выполнены по порядку: `etcdctl put /a x`, `etcdctl put /a y`, `etcdctl del /a`, `etcdctl put /a z`, `etcdctl put /a w`. Каким будет поле `version` ключа `/a`?",
        "These run in order: `etcdctl put /a x`, `etcdctl put /a y`, `etcdctl del /a`, `etcdctl put /a z`, `etcdctl put /a w`. What is the `version` field of key `/a`?",
      ),
      answer: 2,
      tolerance: 0,
      explanation: l(
        "`version` считает изменения ключа с момента его создания, а удаление обнуляет его: после `del` ключ создаётся заново (`version` 1, новый `create_revision`), следующий `put` даёт 2. Ревизия же всего хранилища за это время выросла на 5.",
        "`version` counts a key's changes since it was created, and a delete resets it: after `del` the key is created anew (`version` 1, a new `create_revision`), and the next `put` makes it 2. The store's revision, meanwhile, grew by 5.",
      ),
    },
    {
      id: "kv-fields",
      section: "object-versioning",
      type: "matching",
      prompt: l(
        "Сопоставьте поле из `etcdctl get <ключ> -w json` с его смыслом.",
        "Match each field of `etcdctl get <key> -w json` with its meaning.",
      ),
      prompts: [
        c("create", "`create_revision`", "`create_revision`"),
        c("mod", "`mod_revision`", "`mod_revision`"),
        c("version", "`version`", "`version`"),
        c("lease", "`lease`", "`lease`"),
        c("header", "`header.revision`", "`header.revision`"),
      ],
      options: [
        c(
          "r1",
          "Число изменений ключа с момента создания; обнуляется при удалении",
          "How many times the key changed since it was created; reset by a delete",
        ),
        c("r2", "Текущая ревизия всего хранилища на момент ответа", "The current revision of the whole store when the answer was made"),
        c("r3", "Ревизия, на которой ключ был создан", "The revision at which the key was created"),
        c(
          "r4",
          "Ревизия последнего изменения ключа — её API Server отдаёт как resourceVersion",
          "The revision of the key's last change — the API Server exposes it as resourceVersion",
        ),
        c(
          "r5",
          "ID lease, с истечением которого ключ будет удалён (0 — без lease)",
          "The ID of the lease whose expiry deletes the key (0 for none)",
        ),
        c("r6", "Номер term Raft, в котором ключ был записан", "The Raft term in which the key was written"),
      ],
      answer: { create: "r3", mod: "r4", version: "r1", lease: "r5", header: "r2" },
      explanation: l(
        "Ревизия в etcd одна на всё хранилище и растёт с каждой записывающей операцией; у ключа запоминаются ревизии создания и последнего изменения, а `version` — локальный счётчик ключа. Term Raft к ключам не относится — это номер «эпохи» лидерства.",
        "etcd has one revision for the whole store, growing with every write; a key remembers the revisions of its creation and of its last change, while `version` is the key's own counter. The Raft term has nothing to do with keys — it numbers leadership epochs.",
      ),
    },
    {
      id: "lab-counter-version",
      section: "object-versioning",
      type: "lab",
      lab: "sandbox",
      prompt: l(
        "В лабораторной работе `sandbox` создайте ключ `/quiz/counter` и изменяйте его, пока его поле `version` не станет не меньше 3 (проверьте через `etcdctl get /quiz/counter -w json`). Не удаляйте ключ в конце. Затем отправьте прогон.",
        "In the `sandbox` lab, create the key `/quiz/counter` and update it until its `version` field is at least 3 (check with `etcdctl get /quiz/counter -w json`). Do not delete the key at the end. Then submit your run.",
      ),
      check: (ctx) => (etcdKv(ctx, "/quiz/counter")?.version ?? 0) >= 3,
      explanation: l(
        "Каждый `put` в существующий ключ увеличивает его `version` на 1, а `mod_revision` становится текущей ревизией хранилища. Если ключ удалить и создать заново, `version` начнётся с 1.",
        "Every `put` to an existing key increments its `version` by 1 and sets its `mod_revision` to the store's current revision. If the key is deleted and created again, `version` starts over at 1.",
      ),
    },

    // ─────────────────────────────────────────────── Monitoring etcd
    {
      id: "etcd-metrics",
      section: "monitoring-prometheus-metrics",
      type: "matching",
      prompt: l("Сопоставьте метрику etcd с тем, что она показывает.", "Match each etcd metric with what it shows."),
      prompts: [
        c("has-leader", "`etcd_server_has_leader`", "`etcd_server_has_leader`"),
        c("leader-changes", "`etcd_server_leader_changes_seen_total`", "`etcd_server_leader_changes_seen_total`"),
        c("fsync", "`etcd_disk_wal_fsync_duration_seconds`", "`etcd_disk_wal_fsync_duration_seconds`"),
        c("rtt", "`etcd_network_peer_round_trip_time_seconds`", "`etcd_network_peer_round_trip_time_seconds`"),
        c("db-size", "`etcd_mvcc_db_total_size_in_bytes`", "`etcd_mvcc_db_total_size_in_bytes`"),
      ],
      options: [
        c(
          "m1",
          "Гистограмма задержек fsync журнала WAL — главный индикатор скорости диска",
          "Histogram of WAL fsync latency — the key indicator of disk speed",
        ),
        c(
          "m2",
          "Физический размер файла базы, включая свободные страницы до дефрагментации",
          "Physical size of the database file, free pages included until a defrag",
        ),
        c("m3", "1, если этот член видит лидера, иначе 0", "1 if this member sees a leader, 0 otherwise"),
        c("m4", "Число объектов Kubernetes каждого типа", "The number of Kubernetes objects of each type"),
        c("m5", "Счётчик смен лидера, которые видел этот член", "Counter of leader changes this member has seen"),
        c("m6", "Гистограмма времени сетевого обмена с другими членами", "Histogram of the network round-trip time to the other members"),
      ],
      answer: { "has-leader": "m3", "leader-changes": "m5", fsync: "m1", rtt: "m6", "db-size": "m2" },
      explanation: l(
        "Это основные метрики здоровья etcd: наличие лидера, частота выборов, задержки диска и сети и размер базы. Число объектов по типам отдаёт не etcd, а kube-apiserver (`apiserver_storage_objects`).",
        "These are etcd's core health metrics: having a leader, how often elections happen, disk and network latency, and the database size. Object counts per type come from kube-apiserver (`apiserver_storage_objects`), not from etcd.",
      ),
    },
    {
      id: "fsync-leader-changes",
      section: "monitoring-prometheus-metrics",
      type: "single",
      prompt: l(
        "`etcd_server_leader_changes_seen_total` растёт несколько раз в час, p99 `etcd_disk_wal_fsync_duration_seconds` — около 300 мс, в логах etcd встречается «failed to send out heartbeat on time». Какова наиболее вероятная причина?",
        '`etcd_server_leader_changes_seen_total` grows several times an hour, the p99 of `etcd_disk_wal_fsync_duration_seconds` is about 300 ms, and etcd\'s log shows "failed to send out heartbeat on time". What is the most likely cause?',
      ),
      choices: [
        c("a", "Слишком много watch'ей от API Server", "Too many watches from the API Server"),
        c(
          "b",
          "Медленный или перегруженный диск: долгие fsync задерживают цикл Raft, лидер не успевает слать heartbeat'ы, и followers начинают выборы",
          "A slow or overloaded disk: long fsyncs stall the Raft loop, the leader misses heartbeats and followers start elections",
        ),
        c("c", "База превысила квоту 2 GiB", "The database exceeded its 2 GiB quota"),
        c(
          "d",
          "Часы на серверах etcd рассинхронизированы, а Raft выбирает лидера по времени",
          "The clocks of the etcd servers are out of sync, and Raft elects leaders by time",
        ),
      ],
      answer: "b",
      explanation: l(
        "Рекомендуемый p99 fsync WAL — ниже ~10 мс; сотни миллисекунд означают, что диск не справляется. Пока лидер ждёт диск, heartbeat'ы (по умолчанию каждые 100 мс) опаздывают, followers по election timeout считают лидера потерянным. Превышение квоты дало бы alarm NOSPACE, а не выборы.",
        "The recommended WAL fsync p99 is under ~10 ms; hundreds of milliseconds mean the disk cannot keep up. While the leader waits for the disk, its heartbeats (every 100 ms by default) are late, and followers declare it lost after the election timeout. An exceeded quota would raise a NOSPACE alarm, not elections.",
      ),
    },
    {
      id: "has-leader-metric",
      section: "monitoring-prometheus-metrics",
      type: "text",
      prompt: l(
        "Какую метрику etcd (gauge со значениями 0 или 1) стоит использовать в алерте «у члена etcd нет лидера»? Напишите её имя.",
        'Which etcd metric (a gauge that is 0 or 1) would you use in an alert for "an etcd member has no leader"? Write its name.',
      ),
      accept: [
        "etcd_server_has_leader",
        "etcd_server_has_leader ?(==|!=|<|<=) ?[01]",
        "etcd_server_has_leader\\{[^}]*\\}( ?(==|!=|<|<=) ?[01])?",
      ],
      canonical: l("etcd_server_has_leader", "etcd_server_has_leader"),
      explanation: l(
        "`etcd_server_has_leader` равна 1, пока член видит лидера; алерт обычно пишут как `etcd_server_has_leader == 0` дольше минуты. Если лидера нет у большинства, записи в кластер невозможны.",
        "`etcd_server_has_leader` is 1 while the member sees a leader; the alert is usually `etcd_server_has_leader == 0` for more than a minute. Without a leader on most members, no writes can happen.",
      ),
    },
    {
      id: "apiserver-metrics-source",
      section: "monitoring-api-server-metrics",
      type: "single",
      prompt: l(
        "Вы ищете в Prometheus `etcd_request_duration_seconds` и `apiserver_storage_objects`. Кто отдаёт эти метрики?",
        "You look for `etcd_request_duration_seconds` and `apiserver_storage_objects` in Prometheus. Who exposes these metrics?",
      ),
      choices: [
        c("a", "Каждый член etcd на своём клиентском порту `/metrics`", "Every etcd member on its client port's `/metrics`"),
        c(
          "b",
          "kube-apiserver на своём `/metrics`: это задержки и объём его собственных запросов к etcd",
          "kube-apiserver on its own `/metrics`: they measure its own requests to etcd",
        ),
        c("c", "kube-state-metrics, читающий etcd напрямую", "kube-state-metrics, reading etcd directly"),
        c("d", "kubelet каждой ноды", "The kubelet of every node"),
      ],
      answer: "b",
      explanation: l(
        "Это метрики клиента etcd внутри kube-apiserver: сколько длятся его запросы к etcd и сколько объектов каждого типа хранится. Поэтому они доступны и в managed-кластере, где до самого etcd не добраться (если провайдер даёт доступ к метрикам API Server).",
        "These are metrics of the etcd client inside kube-apiserver: how long its requests to etcd take and how many objects of each type are stored. That is why they can be available even in a managed cluster where etcd itself is out of reach (if the provider exposes the API Server's metrics).",
      ),
    },
    {
      id: "dashboard-alerts",
      section: "monitoring-grafana-dashboards",
      type: "multiple",
      prompt: l(
        "Какие наблюдения на дашборде etcd указывают на настоящую проблему, заслуживающую алерта?",
        "Which observations on an etcd dashboard point to a real problem worth an alert?",
      ),
      choices: [
        c(
          "a",
          "`etcd_server_has_leader` равна 0 на нескольких членах дольше минуты",
          "`etcd_server_has_leader` is 0 on several members for over a minute",
        ),
        c(
          "b",
          "Одна смена лидера во время планового rolling restart членов etcd",
          "One leader change during a planned rolling restart of the etcd members",
        ),
        c(
          "c",
          "После compaction `etcd_mvcc_db_total_size_in_bytes` заметно больше `etcd_mvcc_db_total_size_in_use_in_bytes`",
          "After a compaction `etcd_mvcc_db_total_size_in_bytes` is well above `etcd_mvcc_db_total_size_in_use_in_bytes`",
        ),
        c(
          "d",
          "Смены лидера происходят несколько раз в час без всяких перезапусков",
          "Leader changes happen several times an hour with no restarts at all",
        ),
        c("e", "Размер базы приближается к `--quota-backend-bytes`", "The database size is approaching `--quota-backend-bytes`"),
      ],
      answer: ["a", "d", "e"],
      explanation: l(
        "Отсутствие лидера, частые выборы и приближение к квоте (за ней — alarm NOSPACE и отказ в записях) требуют реакции. Смена лидера при плановом перезапуске ожидаема, а разница между физическим и используемым размером после compaction нормальна — это свободные страницы, которые вернёт дефрагментация.",
        "No leader, frequent elections and nearing the quota (beyond it lie the NOSPACE alarm and refused writes) need action. A leader change during a planned restart is expected, and the gap between physical and used size after compaction is normal — free pages that a defrag gives back.",
      ),
    },

    // ─────────────────────────────────────────────── etcd in a managed (Digital Ocean) HA cluster
    {
      id: "managed-backup",
      section: "digitalocean-managed-etcd",
      type: "single",
      prompt: l(
        "У вас managed-кластер (DOKS, GKE, EKS). Как правильно подходить к бэкапу состояния кластера?",
        "You run a managed cluster (DOKS, GKE, EKS). What is the right approach to backing up the cluster's state?",
      ),
      choices: [
        c(
          "a",
          "Запустить `etcdctl snapshot save` с любой worker-ноды, используя сертификаты kubelet",
          "Run `etcdctl snapshot save` from any worker node using the kubelet's certificates",
        ),
        c(
          "b",
          "Сделать `kubectl port-forward` к поду etcd в `kube-system` и снять снапшот",
          "`kubectl port-forward` to the etcd pod in `kube-system` and take a snapshot",
        ),
        c(
          "c",
          "Доступа к etcd нет: снапшоты control plane — забота провайдера, а свои ресурсы вы бэкапите на уровне API (манифесты в Git, Velero и т.п.)",
          "There is no access to etcd: control-plane snapshots are the provider's job, and you back up your resources at the API level (manifests in Git, Velero and the like)",
        ),
        c(
          "d",
          "`kubectl get all -A -o yaml > backup.yaml` — это полная копия etcd",
          "`kubectl get all -A -o yaml > backup.yaml` is a complete copy of etcd",
        ),
      ],
      answer: "c",
      explanation: l(
        "В managed Kubernetes etcd обслуживает провайдер, и клиентского доступа к нему нет — ни с нод, ни через поды. Вы отвечаете за восстановимость своих объектов через API. `kubectl get all` к тому же показывает лишь несколько типов ресурсов — ни Secrets, ни ConfigMaps, ни RBAC там нет.",
        "In managed Kubernetes the provider runs etcd and there is no client access to it — neither from nodes nor through pods. You are responsible for being able to restore your objects through the API. Besides, `kubectl get all` covers only a few resource types — no Secrets, ConfigMaps or RBAC.",
      ),
    },
    {
      id: "two-zones-placement",
      section: "digitalocean-high-availability",
      type: "single",
      prompt: l(
        "Доступны только две зоны, поэтому 3 члена etcd размещены так: два в зоне A, один в зоне B. Отказ какой зоны остановит записи в кластер?",
        "Only two zones are available, so 3 etcd members are placed as two in zone A and one in zone B. An outage of which zone stops writes to the cluster?",
      ),
      choices: [
        c("a", "Только зоны B: там может оказаться лидер", "Only zone B: the leader may be there"),
        c("b", "Любой из двух", "Either of the two"),
        c("c", "Ни одной: оставшиеся члены всегда выберут нового лидера", "Neither: the remaining members always elect a new leader"),
        c("d", "Только зоны A", "Only zone A"),
      ],
      answer: "d",
      explanation: l(
        "Без зоны A остаётся 1 член из 3 — кворума (2) нет, записи останавливаются. Без зоны B остаются 2 из 3 — кворум есть; если лидер был в B, за время election timeout выберут нового. Поэтому для устойчивости к отказу любой зоны нужны три зоны.",
        "Without zone A, 1 member of 3 remains — no quorum (2), writes stop. Without zone B, 2 of 3 remain — quorum holds; if the leader was in B, a new one is elected within an election timeout. That is why surviving the loss of any zone takes three zones.",
      ),
    },
    {
      id: "defrag-one-at-a-time",
      section: "digitalocean-performance",
      type: "truefalse",
      prompt: l(
        "Пока идёт `etcdctl defrag` члена, этот член не обслуживает чтения и записи, поэтому дефрагментировать члены лучше по одному, а не все сразу.",
        "While `etcdctl defrag` runs on a member, that member serves no reads or writes, so members are best defragmented one at a time rather than all at once.",
      ),
      answer: true,
      explanation: l(
        "Верно. Дефрагментация переписывает файл bbolt и блокирует член на время работы; на большой базе это секунды и больше. Дефрагментация по очереди сохраняет кворум и доступность кластера.",
        "True. Defragmentation rewrites the bbolt file and blocks the member while it runs; on a large database that takes seconds or more. Doing members one by one keeps quorum and the cluster available.",
      ),
    },

    // ─────────────────────────────────────────────── etcd in operations
    {
      id: "write-path",
      section: "operations-creating-resources",
      type: "ordering",
      prompt: l(
        "Расположите шаги создания пода командой `kubectl run web --image=nginx` в правильном порядке.",
        "Put the steps of creating a pod with `kubectl run web --image=nginx` in the right order.",
      ),
      items: [
        c("kubectl", "kubectl отправляет POST в kube-apiserver", "kubectl sends a POST to kube-apiserver"),
        c(
          "admit",
          "kube-apiserver аутентифицирует и авторизует запрос, выполняет admission и валидацию",
          "kube-apiserver authenticates and authorizes the request, runs admission and validation",
        ),
        c(
          "propose",
          "kube-apiserver отправляет в etcd транзакцию «создать, если ключа нет»; она попадает к лидеру",
          'kube-apiserver sends etcd a "create if the key does not exist" transaction; it reaches the leader',
        ),
        c(
          "replicate",
          "Лидер дописывает запись в свой журнал и рассылает её followers",
          "The leader appends the entry to its log and sends it to the followers",
        ),
        c(
          "commit",
          "Большинство членов сохранило запись в WAL: она зафиксирована и применена, ревизия выросла",
          "A majority has persisted the entry in its WAL: it is committed and applied, and the revision grows",
        ),
        c("respond", "kube-apiserver отвечает kubectl `201 Created`", "kube-apiserver answers kubectl with `201 Created`"),
        c(
          "schedule",
          "Scheduler узнаёт о новом поде через свой watch и привязывает его к ноде",
          "The scheduler learns of the new pod through its watch and binds it to a node",
        ),
      ],
      explanation: l(
        "Клиент получает успех только после того, как запись зафиксирована большинством членов etcd. Всё остальное — планирование, запуск контейнера kubelet'ом — происходит позже и асинхронно, через watch и новые записи в etcd.",
        "The client gets success only after the write is committed by a majority of etcd members. Everything else — scheduling, the kubelet starting the container — happens later and asynchronously, through watches and further writes to etcd.",
      ),
    },
    {
      id: "concurrent-update-conflict",
      section: "operations-updating-resources",
      type: "single",
      prompt: l(
        "Два клиента прочитали Deployment `web` с resourceVersion 500, и оба отправляют `update` со своими изменениями и тем же resourceVersion 500. Что произойдёт?",
        "Two clients read Deployment `web` at resourceVersion 500, and both send an `update` with their changes and the same resourceVersion 500. What happens?",
      ),
      choices: [
        c(
          "a",
          "Первое обновление применится, второе получит 409 Conflict: клиенту нужно перечитать объект и повторить изменение",
          "The first update is applied, the second gets 409 Conflict: that client must re-read the object and retry its change",
        ),
        c(
          "b",
          "Оба применятся, побеждает последнее — изменения первого молча потеряются",
          "Both are applied and the last one wins — the first one's changes are silently lost",
        ),
        c("c", "etcd сольёт оба изменения автоматически", "etcd merges both changes automatically"),
        c(
          "d",
          "Второй запрос ждёт, пока первый клиент отпустит блокировку объекта",
          "The second request waits until the first client releases its lock on the object",
        ),
      ],
      answer: "a",
      explanation: l(
        "Это optimistic concurrency: API Server пишет объект транзакцией с условием `mod_revision == 500`. После первой записи `mod_revision` изменился, условие второй не выполняется, и она отклоняется с 409 Conflict. Блокировок нет, а «последний побеждает» как раз и предотвращается.",
        'This is optimistic concurrency: the API Server writes the object in a transaction conditioned on `mod_revision == 500`. After the first write the `mod_revision` has moved on, the second one\'s condition fails and it is rejected with 409 Conflict. There are no locks, and "last write wins" is exactly what this prevents.',
      ),
    },
    {
      id: "scale-followup-writes",
      section: "operations-updating-resources",
      type: "multiple",
      prompt: l(
        "`kubectl scale deployment argocd-server --replicas=4 -n argocd` успешно выполнен. Какие записи в etcd (через API Server) за этим последуют?",
        "`kubectl scale deployment argocd-server --replicas=4 -n argocd` has succeeded. Which writes to etcd (through the API Server) follow?",
      ),
      choices: [
        c(
          "a",
          "Deployment controller обновит число реплик в ReplicaSet",
          "The deployment controller updates the replica count of the ReplicaSet",
        ),
        c("b", "kubectl сам запишет новые объекты Pod в etcd", "kubectl itself writes the new Pod objects to etcd"),
        c("c", "ReplicaSet controller создаст новый объект Pod", "The ReplicaSet controller creates a new Pod object"),
        c("d", "Scheduler запишет привязку пода к ноде (binding)", "The scheduler writes the pod's binding to a node"),
        c(
          "e",
          "etcd сам создаст ключи подов по триггеру на изменение Deployment",
          "etcd itself creates the pod keys through a trigger on the Deployment's change",
        ),
        c("f", "kubelet обновит статус пода, когда контейнер запустится", "The kubelet updates the pod's status once the container starts"),
      ],
      answer: ["a", "c", "d", "f"],
      explanation: l(
        "Масштабирование — цепочка независимых записей: Deployment → ReplicaSet → Pod → binding → статус; каждый компонент узнаёт о предыдущем шаге через watch. kubectl меняет только сам Deployment (точнее, его subresource scale), а у etcd нет триггеров — это просто хранилище.",
        "Scaling is a chain of independent writes: Deployment → ReplicaSet → Pod → binding → status; each component learns about the previous step through a watch. kubectl changes only the Deployment itself (its scale subresource), and etcd has no triggers — it is just storage.",
      ),
    },
    {
      id: "watch-chain",
      section: "operations-watch-and-events",
      type: "ordering",
      prompt: l(
        "Расположите в правильном порядке путь одного изменения пода до контроллера, подписанного на поды.",
        "Put in order the path of one pod change to a controller that watches pods.",
      ),
      items: [
        c("write", "Кто-то обновляет под через API Server", "Someone updates the pod through the API Server"),
        c("commit", "etcd фиксирует запись на новой ревизии", "etcd commits the write at a new revision"),
        c(
          "etcd-event",
          "etcd отправляет событие в watch API Server на префикс `/registry/pods/`",
          "etcd sends the event to the API Server's watch on the `/registry/pods/` prefix",
        ),
        c(
          "fanout",
          "watch cache API Server раздаёт событие всем подходящим клиентским watch'ам",
          "The API Server's watch cache fans the event out to every matching client watch",
        ),
        c(
          "informer",
          "Информер контроллера получает событие и обновляет свой локальный кэш",
          "The controller's informer receives the event and updates its local cache",
        ),
        c(
          "reconcile",
          "Цикл reconcile контроллера обрабатывает изменённый объект",
          "The controller's reconcile loop handles the changed object",
        ),
      ],
      explanation: l(
        "Событие возникает только после фиксации записи в etcd, поэтому подписчики никогда не видят незафиксированных изменений. API Server держит один watch в etcd на тип ресурса и мультиплексирует его на всех своих клиентов.",
        "An event exists only after the write is committed in etcd, so watchers never see uncommitted changes. The API Server keeps one etcd watch per resource type and multiplexes it to all its clients.",
      ),
    },
    {
      id: "kubectl-watch-multiplexed",
      section: "operations-watch-and-events",
      type: "truefalse",
      prompt: l(
        "Каждый запущенный `kubectl get pods -w` и каждый информер контроллера открывает собственный watch непосредственно в etcd.",
        "Every running `kubectl get pods -w` and every controller informer opens its own watch directly in etcd.",
      ),
      answer: false,
      explanation: l(
        "Неверно. Клиенты подписываются на API Server, а тот обслуживает их watch'и из своего watch cache, который питается примерно одним watch'ем в etcd на тип ресурса. Поэтому число клиентских watch'ей почти не влияет на нагрузку на etcd.",
        "False. Clients subscribe to the API Server, which serves their watches from its watch cache, fed by roughly one etcd watch per resource type. So the number of client watches barely affects the load on etcd.",
      ),
    },
    {
      id: "lab-deployment-replicas",
      section: "operations-creating-resources",
      type: "lab",
      lab: "kubernetes-in-etcd",
      prompt: l(
        "В лабораторной работе `kubernetes-in-etcd` создайте в namespace `default` Deployment `quiz-web` с образом `nginx` и 3 репликами. Дождитесь, пока `kubectl get deployment quiz-web` покажет `3/3`, и отправьте прогон.",
        "In the `kubernetes-in-etcd` lab, create a Deployment `quiz-web` in namespace `default` with the `nginx` image and 3 replicas. Wait until `kubectl get deployment quiz-web` shows `3/3`, then submit your run.",
      ),
      check: (ctx) => {
        const deploy = kubeObject(ctx, "deployments", "default", "quiz-web");
        const spec = deploy?.spec as { replicas?: number } | undefined;
        const status = deploy?.status as { readyReplicas?: number } | undefined;
        return spec?.replicas === 3 && status?.readyReplicas === 3;
      },
      explanation: l(
        "`kubectl create deployment quiz-web --image=nginx --replicas=3` записывает в etcd один объект Deployment; ReplicaSet, три Pod'а, их привязки к нодам и статусы — уже записи контроллеров, scheduler'а и kubelet'ов. Все они видны под `/registry/`.",
        "`kubectl create deployment quiz-web --image=nginx --replicas=3` writes one Deployment object to etcd; the ReplicaSet, three Pods, their bindings and statuses are written by the controllers, the scheduler and the kubelets. All of them can be seen under `/registry/`.",
      ),
    },

    // ─────────────────────────────────────────────── Backup and restore
    {
      id: "replication-not-backup",
      section: "backup-importance",
      type: "single",
      prompt: l(
        "Кластер etcd из трёх членов реплицирует каждую запись. Зачем тогда снапшоты?",
        "A 3-member etcd cluster replicates every write. Why take snapshots then?",
      ),
      choices: [
        c(
          "a",
          "Репликация асинхронная: followers отстают и могут потерять последние записи",
          "Replication is asynchronous: followers lag behind and may lose the latest writes",
        ),
        c(
          "b",
          "Репликация копирует и ошибки: случайный `kubectl delete namespace` фиксируется на всех членах, вернуться назад позволяет только копия на момент времени",
          "Replication copies mistakes too: an accidental `kubectl delete namespace` is committed on every member, and only a point-in-time copy lets you go back",
        ),
        c("c", "Secrets не реплицируются между членами", "Secrets are not replicated between members"),
        c("d", "Followers хранят только последние 5 минут истории", "Followers keep only the last 5 minutes of history"),
      ],
      answer: "b",
      explanation: l(
        "Репликация защищает от отказа членов, а не от плохих записей: удаление, ошибка оператора или повреждённые данные зафиксируются везде. Репликация в Raft при этом синхронная — запись подтверждается только после сохранения большинством.",
        "Replication protects against failed members, not against bad writes: a delete, an operator's mistake or corrupted data are committed everywhere. Raft replication is synchronous, by the way — a write is acknowledged only after a majority has persisted it.",
      ),
    },
    {
      id: "snapshot-contents",
      section: "backup-contents",
      type: "multiple",
      prompt: l(
        "Что попадает в снапшот, сделанный `etcdctl snapshot save`?",
        "What does a snapshot taken with `etcdctl snapshot save` contain?",
      ),
      choices: [
        c("a", "Все ключи и значения, включая Secrets", "Every key and value, Secrets included"),
        c("b", "Данные, записанные приложениями в PersistentVolumes", "The data applications wrote to PersistentVolumes"),
        c("c", "Все объекты Kubernetes, включая CRD и custom resources", "Every Kubernetes object, CRDs and custom resources included"),
        c("d", "Образы контейнеров, запущенных в кластере", "The images of the containers running in the cluster"),
        c(
          "e",
          "Ключ шифрования из EncryptionConfiguration kube-apiserver, нужный, чтобы расшифровать Secrets",
          "The key from kube-apiserver's EncryptionConfiguration needed to decrypt the Secrets",
        ),
      ],
      answer: ["a", "c"],
      explanation: l(
        "Снапшот — копия базы etcd, то есть всех объектов API. Данные томов лежат на дисках хранилища, образы — в registry, а ключ шифрования — в файле на нодах control plane: без его отдельного бэкапа зашифрованные Secrets из снапшота не прочитать.",
        "A snapshot is a copy of etcd's database, that is, of every API object. Volume data lives on storage disks, images in registries, and the encryption key in a file on the control-plane nodes: without a separate backup of it, the encrypted Secrets in the snapshot cannot be read.",
      ),
    },
    {
      id: "pv-after-restore",
      section: "backup-contents",
      type: "single",
      prompt: l(
        "Вы восстановили etcd из вчерашнего снапшота. Сегодня утром был создан PVC, и приложение записало данные на его том. Что вы увидите после восстановления?",
        "You restored etcd from yesterday's snapshot. This morning a PVC was created and an app wrote data to its volume. What do you see after the restore?",
      ),
      choices: [
        c("a", "Данные тома тоже откатятся на вчерашний день", "The volume's data is rolled back to yesterday too"),
        c(
          "b",
          "PVC и PV вернутся, потому что etcd доиграет WAL до текущего момента",
          "The PVC and PV come back because etcd replays the WAL up to now",
        ),
        c(
          "c",
          "Объектов PVC и PV в API не будет, но диск у облачного провайдера останется вместе с данными — осиротевшим",
          "The PVC and PV objects are gone from the API, but the cloud disk remains with its data — orphaned",
        ),
        c("d", "Диск будет автоматически удалён вместе с объектами", "The disk is deleted automatically together with the objects"),
      ],
      answer: "c",
      explanation: l(
        "Снапшот возвращает только объекты API на момент снапшота; всё, что создано позже, из API исчезает. Внешний мир — диски, балансировщики, DNS-записи — он не трогает, поэтому их нужно сверять с восстановленным состоянием вручную или бэкапить отдельно.",
        "A snapshot brings back only the API objects as of the snapshot; everything created later disappears from the API. It does not touch the outside world — disks, load balancers, DNS records — so those must be reconciled by hand or backed up separately.",
      ),
    },
    {
      id: "snapshot-save-command",
      section: "backup-strategies",
      type: "text",
      prompt: l(
        "Какой командой etcdctl делается снапшот работающего кластера в файл? Можно указать имя файла.",
        "Which etcdctl command takes a snapshot of a running cluster into a file? You may include a file name.",
      ),
      accept: ["(ETCDCTL_API=3 )?(etcdctl )?snapshot save( .+)?"],
      canonical: l("etcdctl snapshot save <файл>", "etcdctl snapshot save <file>"),
      explanation: l(
        "`etcdctl snapshot save backup.db` скачивает с одного члена согласованную копию всей базы. Проверить файл можно `etcdctl snapshot status backup.db -w table` (в etcd 3.5+ — `etcdutl snapshot status`).",
        "`etcdctl snapshot save backup.db` downloads a consistent copy of the whole database from one member. Check the file with `etcdctl snapshot status backup.db -w table` (`etcdutl snapshot status` in etcd 3.5+).",
      ),
    },
    {
      id: "restore-steps",
      section: "backup-strategies",
      type: "ordering",
      prompt: l(
        "Расположите шаги восстановления кластера etcd из трёх членов из снапшота в правильном порядке.",
        "Put the steps of restoring a 3-member etcd cluster from a snapshot in the right order.",
      ),
      items: [
        c(
          "stop-api",
          "Остановить все kube-apiserver, чтобы никто не писал в etcd",
          "Stop every kube-apiserver so that nothing writes to etcd",
        ),
        c(
          "restore",
          "Для каждого члена выполнить `etcdutl snapshot restore` одного и того же снапшота в новый data-dir с его `--name`, `--initial-cluster` и `--initial-advertise-peer-urls`",
          "For each member, run `etcdutl snapshot restore` of the same snapshot into a new data dir with its `--name`, `--initial-cluster` and `--initial-advertise-peer-urls`",
        ),
        c(
          "start-etcd",
          "Остановить члены etcd и запустить их с восстановленными data-dir",
          "Stop the etcd members and start them from the restored data dirs",
        ),
        c(
          "verify",
          "Проверить `etcdctl endpoint health --cluster` и `etcdctl member list`",
          "Check `etcdctl endpoint health --cluster` and `etcdctl member list`",
        ),
        c(
          "start-api",
          "Запустить kube-apiserver и перезапустить контроллеры, scheduler и kubelet'ы",
          "Start kube-apiserver and restart the controllers, the scheduler and the kubelets",
        ),
      ],
      explanation: l(
        "Восстановление создаёт новый кластер (новый cluster ID) из одного снапшота на всех членах, поэтому все члены восстанавливаются из одного файла, а API Server не должен писать в старый кластер во время процедуры. Компоненты после этого перезапускают, чтобы их кэши не держали состояние «из будущего».",
        'A restore creates a new cluster (a new cluster ID) from one snapshot on every member, so all members are restored from the same file, and the API Server must not write to the old cluster meanwhile. The components are restarted afterwards so that their caches hold no state "from the future".',
      ),
    },
    {
      id: "no-point-in-time",
      section: "backup-strategies",
      type: "truefalse",
      prompt: l(
        "etcd умеет восстанавливать кластер на любой момент между двумя снапшотами, доигрывая файлы WAL (point-in-time recovery).",
        "etcd can restore a cluster to any moment between two snapshots by replaying WAL files (point-in-time recovery).",
      ),
      answer: false,
      explanation: l(
        "Неверно. Сам etcd делает только полные снапшоты, и восстановление возвращает кластер ровно к моменту снапшота — всё записанное позже теряется. Инкрементальные бэкапы и PITR дают только внешние инструменты.",
        "False. etcd itself only takes full snapshots, and a restore brings the cluster back exactly to the moment of the snapshot — everything written later is lost. Incremental backups and PITR come only from external tools.",
      ),
    },
    {
      id: "lab-snapshot",
      section: "backup-strategies",
      type: "lab",
      lab: "sandbox",
      prompt: l(
        "В лабораторной работе `sandbox` сохраните снапшот кластера в файл `quiz-backup.db` и проверьте его командой `etcdctl snapshot status quiz-backup.db -w table` (в том же каталоге). Затем отправьте прогон.",
        "In the `sandbox` lab, save a snapshot of the cluster to the file `quiz-backup.db` and check it with `etcdctl snapshot status quiz-backup.db -w table` (in the same directory). Then submit your run.",
      ),
      check: (ctx) =>
        ran(ctx, /\betcdctl\b.*\bsnapshot\s+save\b.*quiz-backup\.db\b/, { output: /Snapshot saved at \S*quiz-backup\.db/ }).length > 0 &&
        ran(ctx, /\betcdctl\b.*\bsnapshot\s+status\b.*quiz-backup\.db\b/).length > 0,
      explanation: l(
        "`snapshot save` скачивает базу с одного члена, а `snapshot status` показывает её хеш, ревизию, число ключей и размер — так стоит проверять каждый бэкап. Настоящая проверка, впрочем, — пробное восстановление.",
        "`snapshot save` downloads the database from one member, and `snapshot status` shows its hash, revision, key count and size — a check worth doing for every backup. The real test, though, is a trial restore.",
      ),
    },

    // ─────────────────────────────────────────────── etcd performance
    {
      id: "write-latency-improvements",
      section: "performance-factors",
      type: "multiple",
      prompt: l("Какие изменения обычно снижают задержку записи в etcd?", "Which changes usually reduce etcd's write latency?"),
      choices: [
        c("a", "Увеличить кластер с 3 до 7 членов", "Grow the cluster from 3 to 7 members"),
        c(
          "b",
          "Вынести data-dir (прежде всего WAL) на выделенный локальный SSD/NVMe",
          "Move the data dir (above all the WAL) to a dedicated local SSD/NVMe",
        ),
        c(
          "c",
          "Перенести etcd на сетевое хранилище с большей пропускной способностью, но большей задержкой",
          "Move etcd to network storage with more throughput but higher latency",
        ),
        c(
          "d",
          "Разместить члены в одном регионе с малой задержкой сети между ними",
          "Place the members in one region with low network latency between them",
        ),
        c("e", "Поднять `--heartbeat-interval` до 1 секунды", "Raise `--heartbeat-interval` to 1 second"),
        c(
          "f",
          "Не записывать часто большие объекты (огромные ConfigMap, лавины Events)",
          "Avoid frequently writing big objects (huge ConfigMaps, floods of Events)",
        ),
      ],
      answer: ["b", "d", "f"],
      explanation: l(
        "Запись ждёт fsync на большинстве членов и сетевой обмен с ними, поэтому решают задержка диска и сети и объём записываемых данных. Больше членов — больше реплик, которые надо ждать; пропускная способность не спасает от высокой задержки fsync; увеличенный heartbeat лишь замедлит обнаружение отказа лидера.",
        "A write waits for an fsync on a majority and for the network round trips to it, so disk and network latency and the volume written are what matter. More members mean more replicas to wait for; throughput does not help a high fsync latency; a longer heartbeat only slows down noticing a failed leader.",
      ),
    },
    {
      id: "compaction-vs-defrag",
      section: "performance-optimization",
      type: "single",
      prompt: l(
        "После `etcdctl compact` метрика `etcd_mvcc_db_total_size_in_bytes` не уменьшилась. Почему и что делать?",
        "After `etcdctl compact`, the `etcd_mvcc_db_total_size_in_bytes` metric did not go down. Why, and what should you do?",
      ),
      choices: [
        c(
          "a",
          "Compaction не сработал: нужно повторить его на более высокой ревизии",
          "The compaction failed: repeat it at a higher revision",
        ),
        c("b", "Метрика обновляется только после перезапуска члена", "The metric is updated only after the member restarts"),
        c(
          "c",
          "Compaction лишь помечает страницы со старыми ревизиями свободными внутри файла bbolt; файл уменьшится после `etcdctl defrag`",
          "Compaction only marks the pages of old revisions free inside the bbolt file; the file shrinks after `etcdctl defrag`",
        ),
        c(
          "d",
          "Compaction удаляет только lease'ы, поэтому нужно вручную удалить старые ключи",
          "Compaction removes only leases, so old keys must be deleted by hand",
        ),
      ],
      answer: "c",
      explanation: l(
        "Compaction удаляет историю ревизий до указанной, и освобождённое место переиспользуется для новых записей, но физический файл не сжимается. Вернуть место файловой системе и уменьшить `db_total_size` может только дефрагментация.",
        "Compaction removes the history of revisions up to the given one, and the freed space is reused for new writes, but the physical file does not shrink. Only defragmentation gives space back to the filesystem and lowers `db_total_size`.",
      ),
    },
    {
      id: "etcdctl-commands",
      section: "performance-optimization",
      type: "matching",
      prompt: l("Сопоставьте команду etcdctl с её действием.", "Match each etcdctl command with what it does."),
      prompts: [
        c("compact", "`etcdctl compact 1234`", "`etcdctl compact 1234`"),
        c("defrag", "`etcdctl defrag`", "`etcdctl defrag`"),
        c("disarm", "`etcdctl alarm disarm`", "`etcdctl alarm disarm`"),
        c("status", "`etcdctl endpoint status -w table`", "`etcdctl endpoint status -w table`"),
        c("snapshot", "`etcdctl snapshot save backup.db`", "`etcdctl snapshot save backup.db`"),
        c("members", "`etcdctl member list`", "`etcdctl member list`"),
      ],
      options: [
        c("e1", "Снимает alarm NOSPACE, после того как место освобождено", "Clears the NOSPACE alarm once space has been freed"),
        c("e2", "Удаляет историю ключей старше ревизии 1234", "Drops key history older than revision 1234"),
        c("e3", "Копия всего пространства ключей на момент времени в файл", "A point-in-time copy of the whole keyspace into a file"),
        c(
          "e4",
          "Для каждого эндпоинта: размер БД, признак лидера, term и индекс Raft",
          "For each endpoint: DB size, whether it leads, Raft term and index",
        ),
        c("e5", "Увеличивает квоту хранилища (`--quota-backend-bytes`)", "Raises the backend quota (`--quota-backend-bytes`)"),
        c(
          "e6",
          "Переписывает файл базы члена и возвращает свободное место файловой системе",
          "Rewrites the member's database file and gives free space back to the filesystem",
        ),
        c("e7", "ID, имена, peer- и client-URL членов кластера", "The members' IDs, names, peer and client URLs"),
      ],
      answer: { compact: "e2", defrag: "e6", disarm: "e1", status: "e4", snapshot: "e3", members: "e7" },
      explanation: l(
        "Quota — флаг запуска etcd, а не команда etcdctl: поменять её можно только перезапуском членов с новым `--quota-backend-bytes`. Остальные команды — повседневный набор обслуживания кластера.",
        "The quota is a startup flag of etcd, not an etcdctl command: it changes only by restarting the members with a new `--quota-backend-bytes`. The other commands are the everyday maintenance toolkit.",
      ),
    },
    {
      id: "max-request-size",
      section: "etcd-limits",
      type: "numeric",
      prompt: l(
        "Каков по умолчанию максимальный размер одного запроса к etcd (`--max-request-bytes`), а значит, и одного объекта Kubernetes? Ответ в MiB.",
        "What is etcd's default maximum size of a single request (`--max-request-bytes`), and hence of a single Kubernetes object? Answer in MiB.",
      ),
      answer: 1.5,
      tolerance: 0.05,
      unit: l("MiB", "MiB"),
      explanation: l(
        "По умолчанию `--max-request-bytes` = 1.5 MiB (1 572 864 байта); запрос больше отклоняется с «etcdserver: request is too large». Поэтому огромные ConfigMap/Secret и CRD-объекты — плохая идея.",
        'By default `--max-request-bytes` is 1.5 MiB (1,572,864 bytes); a larger request is rejected with "etcdserver: request is too large". That is why huge ConfigMaps, Secrets and custom objects are a bad idea.',
      ),
    },
    {
      id: "default-backend-quota",
      section: "etcd-limits",
      type: "numeric",
      prompt: l(
        "Какова квота хранилища etcd по умолчанию (`--quota-backend-bytes`)? Ответ в GiB.",
        "What is etcd's default backend quota (`--quota-backend-bytes`)? Answer in GiB.",
      ),
      answer: 2,
      tolerance: 0,
      unit: l("GiB", "GiB"),
      explanation: l(
        "По умолчанию квота — 2 GiB, рекомендуемый максимум — 8 GiB. Когда физический размер базы превышает квоту, etcd поднимает alarm NOSPACE и перестаёт принимать записи.",
        "The default quota is 2 GiB, and 8 GiB is the suggested maximum. When the physical database size exceeds the quota, etcd raises the NOSPACE alarm and stops accepting writes.",
      ),
    },
    {
      id: "nospace-recovery",
      section: "etcd-limits",
      type: "ordering",
      prompt: l(
        "Записи в etcd падают с «mvcc: database space exceeded», `etcdctl alarm list` показывает NOSPACE. Расположите шаги выхода из ситуации в правильном порядке.",
        'Writes to etcd fail with "mvcc: database space exceeded", and `etcdctl alarm list` shows NOSPACE. Put the steps to get out of it in the right order.',
      ),
      items: [
        c(
          "rev",
          "Узнать текущую ревизию (`etcdctl endpoint status -w json`)",
          "Find the current revision (`etcdctl endpoint status -w json`)",
        ),
        c("compact", "Выполнить `etcdctl compact <ревизия>`", "Run `etcdctl compact <revision>`"),
        c("defrag", "Выполнить `etcdctl defrag` на каждом члене по очереди", "Run `etcdctl defrag` on each member in turn"),
        c("disarm", "Снять alarm: `etcdctl alarm disarm`", "Clear the alarm: `etcdctl alarm disarm`"),
        c(
          "verify",
          "Убедиться, что `etcdctl alarm list` пуст и пробная запись проходит",
          "Make sure `etcdctl alarm list` is empty and a test write succeeds",
        ),
      ],
      explanation: l(
        "Пока действует NOSPACE, etcd принимает чтения и удаления, но не записи. Compaction освобождает место внутри файла, дефрагментация уменьшает сам файл ниже квоты, и только после этого имеет смысл снимать alarm — иначе он сработает снова при первой же записи.",
        "While NOSPACE is active, etcd accepts reads and deletes but no writes. Compaction frees space inside the file, defragmentation shrinks the file below the quota, and only then is it worth disarming — otherwise the alarm fires again on the next write.",
      ),
    },

    // ─────────────────────────────────────────────── When etcd fails
    {
      id: "quorum-loss-effects",
      section: "failure-quorum-loss",
      type: "multiple",
      prompt: l(
        "В кластере etcd из 3 членов два недоступны. Что из этого верно, пока кворум не вернулся?",
        "In a 3-member etcd cluster, two members are down. Which of these are true until quorum returns?",
      ),
      choices: [
        c("a", "Уже запущенные контейнеры продолжают работать", "Containers that are already running keep running"),
        c("b", "Scheduler продолжает назначать pending-поды на ноды", "The scheduler keeps assigning pending pods to nodes"),
        c(
          "c",
          "`kubectl apply` нового Deployment завершается ошибкой по таймауту",
          "`kubectl apply` of a new Deployment fails after a timeout",
        ),
        c(
          "d",
          "Оставшийся член через election timeout становится лидером и снова принимает записи",
          "After the election timeout the remaining member becomes leader and accepts writes again",
        ),
        c(
          "e",
          "kubelet перезапускает упавший контейнер своего пода согласно restartPolicy",
          "The kubelet restarts a crashed container of its pod according to restartPolicy",
        ),
        c("f", "Оставшийся член обслуживает линеаризуемые чтения", "The remaining member serves linearizable reads"),
      ],
      answer: ["a", "c", "e"],
      explanation: l(
        "Без кворума etcd ничего не фиксирует: записи (в том числе binding'и scheduler'а) и линеаризуемые чтения не проходят, а один член из трёх не может выиграть выборы — ему нужны 2 голоса. Но kubelet'у etcd не нужен, чтобы держать уже известные ему поды: контейнеры работают и перезапускаются локально.",
        "Without quorum etcd commits nothing: writes (the scheduler's bindings included) and linearizable reads fail, and one member of three cannot win an election — it needs 2 votes. But the kubelet does not need etcd to keep the pods it already knows: containers keep running and are restarted locally.",
      ),
    },
    {
      id: "members-to-restore-quorum",
      section: "failure-quorum-loss",
      type: "numeric",
      prompt: l(
        "В кластере etcd из 5 членов упали 3. Какое наименьшее число упавших членов нужно вернуть, чтобы записи снова пошли?",
        "In a 5-member etcd cluster, 3 members are down. What is the smallest number of them that must come back for writes to resume?",
      ),
      answer: 1,
      tolerance: 0,
      unit: l("членов", "members"),
      explanation: l(
        "Кворум для 5 — 3 члена. Сейчас работают 2, значит, достаточно вернуть одного. Число членов в конфигурации при этом не меняется: кворум считается от всех 5, а не от живых.",
        "The quorum of 5 is 3 members. 2 are up, so bringing back one is enough. The configured membership does not shrink: quorum is counted against all 5, not against the live ones.",
      ),
    },
    {
      id: "serializable-during-quorum-loss",
      section: "failure-quorum-loss",
      type: "truefalse",
      prompt: l(
        "Пока кворум потерян, `etcdctl get /registry/pods --prefix --keys-only --consistency=s` на уцелевшем члене всё ещё может вернуть данные (возможно, устаревшие).",
        "While quorum is lost, `etcdctl get /registry/pods --prefix --keys-only --consistency=s` on a surviving member can still return data (possibly stale).",
      ),
      answer: true,
      explanation: l(
        "Верно. Сериализуемое чтение обслуживается локальной копией члена и не проходит через Raft, поэтому работает без кворума. Линеаризуемое чтение (по умолчанию) в той же ситуации завершится таймаутом.",
        "True. A serializable read is served from the member's local copy and does not go through Raft, so it works without quorum. A linearizable read (the default) would time out in the same situation.",
      ),
    },
    {
      id: "rebuild-from-caches",
      section: "failure-full-etcd-loss",
      type: "truefalse",
      prompt: l(
        "Если данные всех членов etcd потеряны, а снапшота нет, kube-apiserver при запуске сам заново заполнит новый etcd из своего watch cache.",
        "If every etcd member's data is lost and there is no snapshot, kube-apiserver refills a new etcd from its watch cache on startup.",
      ),
      answer: false,
      explanation: l(
        "Неверно. Watch cache — кэш в памяти, он пропадает при перезапуске и никогда не пишется обратно в etcd. Без снапшота остаётся только пересоздать объекты из их источников (Git, Helm, манифесты); ноды зарегистрируются заново, но Deployments, Secrets, RBAC и прочее сами не вернутся.",
        "False. The watch cache is an in-memory cache, lost on restart and never written back to etcd. Without a snapshot the only way is to recreate objects from their sources (Git, Helm, manifests); nodes re-register themselves, but Deployments, Secrets, RBAC and the rest do not come back on their own.",
      ),
    },
    {
      id: "after-quorum-returns",
      section: "failure-recovery",
      type: "single",
      prompt: l(
        "Кворум etcd вернулся после 10-минутного сбоя (упавшие члены перезапустились со своими данными). Что происходит дальше?",
        "etcd's quorum returns after a 10-minute outage (the failed members restarted with their data). What happens next?",
      ),
      choices: [
        c(
          "a",
          "Нужно восстановиться из последнего снапшота: записи во время сбоя могли повредить данные",
          "You must restore from the latest snapshot: writes during the outage may have corrupted the data",
        ),
        c(
          "b",
          "Упавшие члены нужно удалить из кластера и добавить заново",
          "The failed members must be removed from the cluster and added again",
        ),
        c(
          "c",
          "Члены выбирают лидера, отставшие догоняют его журнал или снапшот, записи API Server снова проходят, и контроллеры разбирают накопившуюся работу",
          "The members elect a leader, laggards catch up from its log or a snapshot, the API Server's writes succeed again and the controllers work through the backlog",
        ),
        c(
          "d",
          "Все поды в кластере перезапускаются, потому что истекли их lease'ы",
          "Every pod in the cluster restarts because their leases expired",
        ),
      ],
      answer: "c",
      explanation: l(
        "Потеря кворума не повреждает данные: незафиксированные записи просто не были подтверждены клиентам. Когда большинство снова на связи, Raft выбирает лидера и догоняет отставших, а Kubernetes продолжает с того же состояния — восстанавливать из бэкапа не нужно.",
        "Losing quorum does not corrupt data: uncommitted writes were simply never acknowledged to clients. Once a majority is back, Raft elects a leader and catches up the laggards, and Kubernetes carries on from the same state — no restore from backup is needed.",
      ),
    },
    {
      id: "rpo-hours",
      section: "failure-recovery",
      type: "numeric",
      prompt: l(
        "Снапшоты etcd делаются каждые 6 часов и сразу копируются в другой регион. Если потерян весь кластер etcd, изменения за сколько часов в худшем случае будут потеряны (RPO)?",
        "etcd snapshots are taken every 6 hours and copied to another region right away. If the whole etcd cluster is lost, how many hours of changes are lost in the worst case (the RPO)?",
      ),
      answer: 6,
      tolerance: 0,
      unit: l("часов", "hours"),
      explanation: l(
        "Восстановление возвращает кластер к моменту последнего снапшота, поэтому в худшем случае (сбой перед очередным снапшотом) теряется почти весь интервал — 6 часов. RPO задаётся частотой снапшотов, а RTO — тем, как быстро вы умеете восстанавливать.",
        "A restore brings the cluster back to the last snapshot, so in the worst case (a failure right before the next snapshot) almost the whole interval — 6 hours — is lost. The RPO is set by the snapshot frequency; the RTO by how fast you can restore.",
      ),
    },

    // ─────────────────────────────────────────────── Best practices
    {
      id: "error-symptoms",
      section: "best-practices-monitoring",
      type: "matching",
      prompt: l(
        "Сопоставьте сообщение об ошибке или предупреждение etcd с его наиболее вероятной причиной.",
        "Match each etcd error or warning with its most likely cause.",
      ),
      prompts: [
        c("nospace", "`etcdserver: mvcc: database space exceeded`", "`etcdserver: mvcc: database space exceeded`"),
        c("too-large", "`etcdserver: request is too large`", "`etcdserver: request is too large`"),
        c("compacted", "`mvcc: required revision has been compacted`", "`mvcc: required revision has been compacted`"),
        c("no-leader", "`etcdserver: no leader`", "`etcdserver: no leader`"),
        c("heartbeat", "`failed to send out heartbeat on time`", "`failed to send out heartbeat on time`"),
      ],
      options: [
        c("s1", "Чтение или watch на ревизии старше последнего compaction", "A read or watch at a revision older than the last compaction"),
        c("s2", "Размер базы превысил квоту, поднят alarm NOSPACE", "The database exceeded its quota and the NOSPACE alarm is raised"),
        c("s3", "Лидер перегружен или у него медленный диск", "The leader is overloaded or its disk is slow"),
        c("s4", "Истёк клиентский TLS-сертификат", "A client TLS certificate has expired"),
        c("s5", "Один запрос больше `--max-request-bytes`", "A single request is larger than `--max-request-bytes`"),
        c("s6", "Кворум потерян или идут выборы", "Quorum is lost or an election is in progress"),
      ],
      answer: { nospace: "s2", "too-large": "s5", compacted: "s1", "no-leader": "s6", heartbeat: "s3" },
      explanation: l(
        "Каждое из этих сообщений указывает на конкретную область: квоту и обслуживание, размер объектов, compaction и relist, кворум и выборы, диск лидера. Просроченный сертификат проявился бы ошибкой TLS-рукопожатия («x509: certificate has expired»).",
        'Each of these messages points to a specific area: quota and maintenance, object size, compaction and relisting, quorum and elections, the leader\'s disk. An expired certificate would show up as a TLS handshake error ("x509: certificate has expired").',
      ),
    },
    {
      id: "endpoint-health-command",
      section: "best-practices-monitoring",
      type: "text",
      prompt: l(
        "Какой подкомандой etcdctl (два слова) проверяют, что каждый член отвечает на запросы, — она печатает `is healthy` или `is unhealthy` и время ответа?",
        "Which etcdctl subcommand (two words) checks that each member answers requests — it prints `is healthy` or `is unhealthy` and the time it took?",
      ),
      accept: ["(ETCDCTL_API=3 )?(etcdctl )?endpoint health( .+)?"],
      canonical: l("etcdctl endpoint health --cluster", "etcdctl endpoint health --cluster"),
      explanation: l(
        "`etcdctl endpoint health` делает на каждом эндпоинте пробное чтение (линеаризуемое по умолчанию), поэтому член без кворума окажется unhealthy. `endpoint status` показывает размер базы, лидера и term, но здоровье так не проверяет.",
        "`etcdctl endpoint health` makes a probe read on each endpoint (linearizable by default), so a member without quorum shows up as unhealthy. `endpoint status` shows the DB size, the leader and the term, but does not check health that way.",
      ),
    },
    {
      id: "backup-practices",
      section: "best-practices-backups",
      type: "multiple",
      prompt: l("Что делает стратегию бэкапов etcd надёжной?", "What makes an etcd backup strategy trustworthy?"),
      choices: [
        c("a", "Регулярно восстанавливать снапшоты в тестовый кластер", "Regularly restoring snapshots into a scratch cluster"),
        c(
          "b",
          "Считать три реплики etcd бэкапом: данные и так лежат в трёх местах",
          "Treating the three etcd replicas as the backup: the data is in three places anyway",
        ),
        c(
          "c",
          "Хранить копии снапшотов вне нод etcd, лучше в другом регионе",
          "Keeping copies of snapshots off the etcd nodes, preferably in another region",
        ),
        c(
          "d",
          "Бэкапить вместе со снапшотами ключ шифрования из EncryptionConfiguration (отдельно и защищённо)",
          "Backing up the EncryptionConfiguration key along with the snapshots (separately and securely)",
        ),
        c("e", "Хранить снапшоты только на локальных дисках самих нод etcd", "Keeping snapshots only on the etcd nodes' own disks"),
      ],
      answer: ["a", "c", "d"],
      explanation: l(
        "Бэкап, который ни разу не восстанавливали, — лишь надежда. Копии должны переживать потерю самих нод etcd, а без ключа шифрования зашифрованные Secrets из снапшота бесполезны. Реплики же повторяют любую ошибочную запись и бэкапом не являются.",
        "A backup never restored is only a hope. Copies must survive the loss of the etcd nodes themselves, and without the encryption key the encrypted Secrets in a snapshot are useless. Replicas repeat every bad write and are not a backup.",
      ),
    },
    {
      id: "etcd-shared-disk",
      section: "best-practices-performance",
      type: "truefalse",
      prompt: l(
        "Держать data-dir etcd на том же диске, что и образы и логи контейнеров, нормально, если на диске достаточно свободного места.",
        "Keeping etcd's data dir on the same disk as container images and logs is fine as long as the disk has enough free space.",
      ),
      answer: false,
      explanation: l(
        "Неверно. Для etcd важна не ёмкость, а задержка fsync: соседние нагрузки (скачивание образов, запись логов) создают очереди ввода-вывода, fsync WAL замедляется, и начинаются смены лидера. etcd лучше давать выделенный быстрый диск.",
        "False. What matters for etcd is fsync latency, not capacity: neighbouring workloads (image pulls, log writes) queue I/O, WAL fsyncs slow down, and leader changes follow. etcd is best given a dedicated fast disk.",
      ),
    },

    // ─────────────────────────────────────────────── etcd in the cluster's architecture
    {
      id: "stacked-control-plane",
      section: "etcd-in-cluster-architecture",
      type: "single",
      prompt: l(
        "В «stacked»-топологии (как у kubeadm) на каждой из трёх нод control plane работают kube-apiserver и член etcd. Что из этого следует?",
        'In a "stacked" topology (as kubeadm builds it) each of three control-plane nodes runs a kube-apiserver and an etcd member. What follows from that?',
      ),
      choices: [
        c(
          "a",
          "Каждый API Server может работать только со своим локальным членом etcd и не видит записей других",
          "Each API Server can work only with its local etcd member and does not see the others' writes",
        ),
        c(
          "b",
          "Отказ одной ноды лишает кластер и одного API Server, и одного члена etcd; три ноды переживают отказ одной",
          "Losing one node costs both an API Server and an etcd member; three nodes survive one node failure",
        ),
        c(
          "c",
          "Кластер переживает отказ двух нод из трёх, потому что хватит одного API Server",
          "The cluster survives two of three nodes failing, because one API Server is enough",
        ),
        c(
          "d",
          "Такой etcd не использует Raft: каждая нода хранит свою часть данных",
          "Such an etcd does not use Raft: each node stores its own share of the data",
        ),
      ],
      answer: "b",
      explanation: l(
        "В stacked-топологии сбой ноды — это сразу потеря API Server и члена etcd. Один API Server действительно справится с нагрузкой, но без кворума etcd (2 из 3) он не сможет ничего записать. Внешний etcd на отдельных машинах развязывает эти отказы ценой большего числа серверов.",
        "In a stacked topology a node failure costs an API Server and an etcd member at once. One API Server can carry the load, but without etcd quorum (2 of 3) it cannot write anything. External etcd on separate machines decouples these failures at the cost of more servers.",
      ),
    },
    {
      id: "apiserver-layer",
      section: "etcd-in-cluster-architecture",
      type: "multiple",
      prompt: l(
        "На схеме три API Server'а, каждый — клиент etcd. Что из этого верно?",
        "The diagram shows three API Servers, each an etcd client. Which of these are true?",
      ),
      choices: [
        c(
          "a",
          "Любой API Server может принимать записи: их порядок определяет лидер etcd",
          "Any API Server can accept writes: the etcd leader decides their order",
        ),
        c(
          "b",
          "Каждый API Server хранит собственную постоянную копию данных etcd",
          "Each API Server keeps its own persistent copy of etcd's data",
        ),
        c(
          "c",
          "API Server'ы выбирают между собой лидера, и записывать может только он",
          "The API Servers elect a leader among themselves, and only it may write",
        ),
        c(
          "d",
          "У API Server нет собственного состояния, кроме кэшей, поэтому экземпляры можно добавлять и заменять",
          "API Servers have no state of their own besides caches, so instances can be added and replaced",
        ),
        c(
          "e",
          "API Server может подключаться к любому члену etcd: follower перешлёт запись лидеру",
          "An API Server may connect to any etcd member: a follower forwards writes to the leader",
        ),
      ],
      answer: ["a", "d", "e"],
      explanation: l(
        "API Server'ы работают параллельно и без выборов (лидера выбирают controller-manager и scheduler), а всё состояние держит etcd, который упорядочивает записи через своего лидера. Клиенту etcd не нужно знать, кто лидер: предложения follower'ов пересылаются лидеру.",
        "API Servers run side by side without elections (the controller-manager and scheduler are the ones that elect leaders), and all state lives in etcd, which orders writes through its leader. An etcd client need not know the leader: followers forward proposals to it.",
      ),
    },
    {
      id: "lab-leader-failover",
      section: "etcd-in-cluster-architecture",
      type: "lab",
      lab: "sandbox",
      prompt: l(
        "В лабораторной работе `sandbox` найдите текущего лидера etcd (`cluster status` или `etcdctl endpoint status --cluster -w table` вместе с `etcdctl member list`) и остановите его: `cluster kill <имя>`. Когда оставшиеся члены выберут нового лидера, запишите его имя (например, `infra1`) в ключ `/quiz/leader` и отправьте прогон. Если вы остановили член на эндпоинте etcdctl по умолчанию (`127.0.0.1:2379`, это `infra1`), укажите живой член через `--endpoints`.",
        "In the `sandbox` lab, find the current etcd leader (`cluster status`, or `etcdctl endpoint status --cluster -w table` together with `etcdctl member list`) and stop it: `cluster kill <name>`. Once the remaining members have elected a new leader, write its name (such as `infra1`) to the key `/quiz/leader` and submit your run. If you stopped the member behind etcdctl's default endpoint (`127.0.0.1:2379`, that is `infra1`), point `--endpoints` at a live member.",
      ),
      check: (ctx) => {
        const state = raftState(ctx);
        const value = etcdValue(ctx, "/quiz/leader")?.trim();
        // A new leader: elected in a later term than the first one, and named in the key.
        return state.leader !== undefined && state.term > SANDBOX_FIRST_TERM && value === state.leader;
      },
      explanation: l(
        "После потери лидера followers ждут election timeout, один из них начинает выборы в новом term и, получив голоса большинства (2 из 3), становится лидером. Запись в `/quiz/leader` проходит, потому что два живых члена из трёх — это кворум.",
        "After losing the leader, the followers wait for the election timeout; one of them starts an election in a new term and, with votes from a majority (2 of 3), becomes leader. The write to `/quiz/leader` succeeds because two live members of three are a quorum.",
      ),
    },
  ],
};

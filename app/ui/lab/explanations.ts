// The lab's plain-words explanations of a failed command, in the page's language.
import type { Locale } from "@/lib/i18n/config";
import { pluralRu } from "@/lib/i18n/dictionaries";
import type { Explanation } from "@/lib/labs/explain";

const MiB = 1024 * 1024;

export function explanationText(locale: Locale, e: Explanation): string {
  const ru = locale === "ru";
  switch (e.kind) {
    case "no-quorum":
      return ru
        ? `Нет кворума: работает ${e.up} из ${e.total} ${pluralRu(e.total, "узла", "узлов", "узлов")} etcd, а большинству нужно ${e.quorum}. Без лидера записи и линеаризуемые чтения ждут, пока вернётся достаточно узлов (cluster start <узел>).`
        : `No quorum: ${e.up} of ${e.total} etcd members are running, and a majority needs ${e.quorum}. Without a leader, writes and linearizable reads wait until enough members are back (cluster start <member>).`;
    case "partition":
      return ru
        ? `Сеть разделена (${e.cutLinks.join(", ")}). Узел, отрезанный от большинства, не может фиксировать записи и отвечать на линеаризуемые чтения; сериализуемые чтения (--consistency=s) отвечают из его собственных, возможно устаревших, данных.`
        : `The network is partitioned (${e.cutLinks.join(", ")}). A member cut off from the majority cannot commit writes or serve linearizable reads; serializable reads (--consistency=s) answer from its own, possibly stale, data.`;
    case "election":
      return ru
        ? `Идут выборы лидера (срок ${e.term}): записи ждут нового лидера. Обычно это занимает около секунды.`
        : `A leader election is under way (term ${e.term}): writes wait for the new leader. It usually takes about a second.`;
    case "member-down":
      return ru
        ? `Узел ${e.member}, к которому обращалась команда, не запущен (cluster start ${e.member}), или укажите в --endpoints другой узел.`
        : `The member the command talked to, ${e.member}, is not running (cluster start ${e.member}), or name another member in --endpoints.`;
    case "nospace":
      return ru
        ? `etcd поднял тревогу NOSPACE: база достигла квоты (${(e.quotaBytes / MiB).toFixed(1)} МиБ) и принимает только чтения и удаления. Уплотните историю (etcdctl compact), дефрагментируйте (etcdctl defrag) и снимите тревогу (etcdctl alarm disarm).`
        : `etcd raised the NOSPACE alarm: the database reached its quota (${(e.quotaBytes / MiB).toFixed(1)} MiB) and takes only reads and deletes. Compact the history (etcdctl compact), defragment (etcdctl defrag) and disarm the alarm (etcdctl alarm disarm).`;
    case "too-large":
      return ru
        ? "etcd отклоняет запросы больше 1,5 МиБ (--max-request-bytes): храните большие данные вне etcd, а в etcd — ссылку на них."
        : "etcd refuses requests over 1.5 MiB (--max-request-bytes): keep large data outside etcd, and a reference to it inside.";
    case "conflict":
      return ru
        ? "Объект изменился с тех пор, как вы его прочитали: API-сервер сравнивает resourceVersion с mod_revision ключа в etcd и отклоняет устаревшую запись. Прочитайте объект заново и повторите изменение."
        : "The object changed since you read it: the API server compares its resourceVersion with the etcd key's mod_revision and refuses a stale write. Read the object again and redo the change.";
  }
}

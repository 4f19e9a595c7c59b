import type { Locale } from "./config";
import { errorMessages } from "./error-messages";

// UI strings. The lesson text itself lives in content/; this is only the chrome around it.
const en = {
  siteName: "etcd academy",
  skipToContent: "Skip to content",
  nav: { home: "Course", lesson: "Lesson", signIn: "Sign in", signUp: "Create account", signOut: "Sign out" },
  header: {
    signedInAs: "Signed in as",
    roles: { LEARNER: "learner", INSTRUCTOR: "instructor", ADMIN: "admin" },
    language: "Language",
    switchTo: "Читать по-русски",
    switchToShort: "RU",
    themeToggle: "Toggle dark mode",
    themeDark: "Dark theme",
    themeLight: "Light theme",
  },
  home: {
    title: "What is etcd, and why Kubernetes cannot live without it",
    lead: "Every object in a Kubernetes cluster — every pod, deployment, secret and lease — lives in etcd, a small Raft-replicated key-value store. This course explains how it works, what happens when it fails, and how to run it well.",
    startReading: "Start the lesson",
    readingTime: (minutes: number) => `${minutes} min read`,
    sections: (count: number) => `${count} sections`,
    whatYouLearn: "What you will learn",
    outcomes: [
      "Why etcd is the single source of truth of a cluster, and why only the API server talks to it",
      "How Raft, quorum and leader election keep the data consistent — and what losing quorum does",
      "How watch and resourceVersion let controllers react to every change",
      "Which metrics to watch, how to back up, and which limits to respect",
    ],
    contents: "Contents",
    comingNext: "Coming next",
    comingNextText:
      "Hands-on labs with a simulated etcd cluster and Kubernetes control plane in your browser, and quizzes that track your progress.",
    accountPitch: "Create a free account to keep your progress as labs and quizzes arrive.",
  },
  lesson: {
    onThisPage: "On this page",
    toc: "Table of contents",
    copy: "Copy",
    copied: "Copied",
    copyFailed: "Copy failed",
    copyCode: "Copy code to clipboard",
    anchor: (title: string) => `Link to section: ${title}`,
    previous: "Previous",
    next: "Next",
    pagination: "Course navigation",
    courseHome: "Course overview",
    clarification: "Clarification",
    clarificationHint: "Added by the course editors: the original text simplifies here.",
    callout: { note: "Note", warning: "Warning", danger: "Danger" },
    lessonLabel: (n: number) => `Lesson ${n}`,
    translatedFrom: "Translated from the Russian original.",
    backToTop: "Back to top",
  },
  auth: {
    signInTitle: "Sign in",
    signUpTitle: "Create an account",
    email: "E-mail",
    password: "Password",
    name: "Name",
    passwordHint: "At least 8 characters.",
    submitSignIn: "Sign in",
    submitSignUp: "Create account",
    pending: "Please wait…",
    noAccount: "No account yet?",
    haveAccount: "Already have an account?",
    errors: {
      invalidEmail: "Enter a valid e-mail address, like name@example.com.",
      emailTooLong: "That e-mail address is too long.",
      passwordRequired: "Enter your password.",
      passwordTooShort: "The password must be at least 8 characters long.",
      passwordTooLong: "The password is too long (at most 72 bytes).",
      nameRequired: "Enter your name.",
      nameTooLong: "The name is too long (at most 80 characters).",
      duplicateEmail: "An account with this e-mail already exists. Sign in instead.",
      wrongCredentials: "Wrong e-mail or password.",
      rateLimited: (minutes: number) =>
        `Too many failed attempts for this account. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`,
      generic: "Something went wrong. Please try again.",
    },
  },
  notFound: { title: "Page not found", text: "There is nothing at this address.", back: "Go to the course" },
  error: errorMessages.en,
  footer: {
    text: "A learning platform about etcd and Kubernetes.",
  },
};

export type Dictionary = typeof en;

const ru: Dictionary = {
  siteName: "etcd academy",
  skipToContent: "Перейти к содержимому",
  nav: { home: "Курс", lesson: "Урок", signIn: "Войти", signUp: "Регистрация", signOut: "Выйти" },
  header: {
    signedInAs: "Вы вошли как",
    roles: { LEARNER: "учащийся", INSTRUCTOR: "преподаватель", ADMIN: "администратор" },
    language: "Язык",
    switchTo: "Read in English",
    switchToShort: "EN",
    themeToggle: "Переключить тёмную тему",
    themeDark: "Тёмная тема",
    themeLight: "Светлая тема",
  },
  home: {
    title: "Что такое etcd и почему Kubernetes без него не живёт",
    lead: "Каждый объект кластера Kubernetes — каждый pod, deployment, secret и lease — хранится в etcd, небольшом хранилище ключ-значение, реплицируемом по Raft. Курс объясняет, как он устроен, что происходит при сбоях и как его правильно эксплуатировать.",
    startReading: "Читать урок",
    readingTime: (minutes: number) => `${minutes} мин чтения`,
    sections: (count: number) => `${count} ${pluralRu(count, "раздел", "раздела", "разделов")}`,
    whatYouLearn: "Чему вы научитесь",
    outcomes: [
      "Почему etcd — единственный источник истины кластера и почему с ним работает только API Server",
      "Как Raft, кворум и выборы лидера обеспечивают консистентность и что происходит при потере кворума",
      "Как watch и resourceVersion позволяют контроллерам реагировать на каждое изменение",
      "Какие метрики отслеживать, как делать бэкапы и какие лимиты соблюдать",
    ],
    contents: "Содержание",
    comingNext: "Скоро",
    comingNextText:
      "Практические лабораторные работы с симулированным кластером etcd и control plane Kubernetes прямо в браузере, а также тесты с учётом прогресса.",
    accountPitch: "Создайте бесплатный аккаунт, чтобы сохранять прогресс, когда появятся лабораторные и тесты.",
  },
  lesson: {
    onThisPage: "На этой странице",
    toc: "Оглавление",
    copy: "Копировать",
    copied: "Скопировано",
    copyFailed: "Не удалось",
    copyCode: "Скопировать код в буфер обмена",
    anchor: (title: string) => `Ссылка на раздел: ${title}`,
    previous: "Назад",
    next: "Далее",
    pagination: "Навигация по курсу",
    courseHome: "Обзор курса",
    clarification: "Уточнение",
    clarificationHint: "Добавлено редакцией курса: здесь оригинальный текст упрощает.",
    callout: { note: "Заметка", warning: "Внимание", danger: "Опасно" },
    lessonLabel: (n: number) => `Урок ${n}`,
    translatedFrom: "Оригинальный текст урока.",
    backToTop: "Наверх",
  },
  auth: {
    signInTitle: "Вход",
    signUpTitle: "Регистрация",
    email: "E-mail",
    password: "Пароль",
    name: "Имя",
    passwordHint: "Не меньше 8 символов.",
    submitSignIn: "Войти",
    submitSignUp: "Создать аккаунт",
    pending: "Подождите…",
    noAccount: "Ещё нет аккаунта?",
    haveAccount: "Уже есть аккаунт?",
    errors: {
      invalidEmail: "Введите корректный e-mail, например name@example.com.",
      emailTooLong: "Слишком длинный e-mail.",
      passwordRequired: "Введите пароль.",
      passwordTooShort: "Пароль должен быть не короче 8 символов.",
      passwordTooLong: "Слишком длинный пароль (не больше 72 байт).",
      nameRequired: "Введите имя.",
      nameTooLong: "Слишком длинное имя (не больше 80 символов).",
      duplicateEmail: "Аккаунт с таким e-mail уже существует. Войдите в него.",
      wrongCredentials: "Неверный e-mail или пароль.",
      rateLimited: (minutes: number) =>
        `Слишком много неудачных попыток входа в этот аккаунт. Попробуйте через ${minutes} ${pluralRu(minutes, "минуту", "минуты", "минут")}.`,
      generic: "Что-то пошло не так. Попробуйте ещё раз.",
    },
  },
  notFound: { title: "Страница не найдена", text: "По этому адресу ничего нет.", back: "К курсу" },
  error: errorMessages.ru,
  footer: {
    text: "Учебная платформа об etcd и Kubernetes.",
  },
};

/** Russian plural forms: 1 минуту, 2 минуты, 5 минут, 21 минуту, 11 минут. */
export function pluralRu(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

const dictionaries: Record<Locale, Dictionary> = { en, ru };

export function getDictionary(locale: Locale): Dictionary {
  return dictionaries[locale];
}

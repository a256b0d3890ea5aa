// Languages of the UI: the chosen one is kept in localStorage, sent to the server as
// Accept-Language (definitions' labels come back in it) and used to format money and dates.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setRequestLocale, type Label } from '../api/graphql';

export const languages = ['en', 'zh-CN'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'procedo.language';

function isLanguage(value: unknown): value is Language {
  return languages.some((l) => l === value);
}

/** The saved choice, else the browser's preference, else English. */
export function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(storageKey);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage may be disabled; fall through to the browser's preference.
  }
  const preferred = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  return preferred.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

function saveLanguage(language: Language): void {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Not saved; the choice still applies to this page.
  }
}

export interface LanguageContextValue {
  readonly language: Language;
  setLanguage(language: Language): void;
  /** A definition's label in the chosen language, else English, else any. */
  pick(label: Label | string | null | undefined): string;
  formatMoney(value: string | number | null | undefined, currency?: string): string;
  formatDate(value: string | Date | null | undefined): string;
  formatDateTime(value: string | Date | null | undefined): string;
}

const LanguageContext = createContext<LanguageContextValue | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  setRequestLocale(language);
  useEffect(() => {
    document.documentElement.lang = language;
    saveLanguage(language);
  }, [language]);
  const value = useMemo<LanguageContextValue>(() => {
    const number = new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    return {
      language,
      setLanguage,
      pick: (label) => {
        if (label == null) return '';
        if (typeof label === 'string') return label;
        return label[language] ?? label[language.split('-')[0]!] ?? label.en ?? Object.values(label)[0] ?? '';
      },
      formatMoney: (value, currency) => {
        if (value == null || value === '') return '';
        const n = typeof value === 'number' ? value : Number(value);
        if (!Number.isFinite(n)) return String(value);
        if (currency) return new Intl.NumberFormat(language, { style: 'currency', currency }).format(n);
        return number.format(n);
      },
      formatDate: (value) => (value == null || value === '' ? '' : date.format(new Date(value))),
      formatDateTime: (value) => (value == null || value === '' ? '' : dateTime.format(new Date(value))),
    };
  }, [language]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageContextValue {
  const value = useContext(LanguageContext);
  if (!value) throw new Error('useLanguage() outside <LanguageProvider>.');
  return value;
}

/** Strings of one part of the UI, in every language; `useMessages` picks the chosen one. */
export type Messages<T> = Record<Language, T>;

export function useMessages<T>(messages: Messages<T>): T {
  return messages[useLanguage().language];
}

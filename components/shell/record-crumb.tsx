'use client';

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

type RecordCrumbState = { label: string | null; setLabel: (label: string | null) => void };

const RecordCrumbContext = createContext<RecordCrumbState>({ label: null, setLabel: () => undefined });

/** Lets a record page name itself in the breadcrumbs (the header renders before the page knows the record). */
export function RecordCrumbProvider({ children }: { children: ReactNode }) {
  const [label, setLabel] = useState<string | null>(null);
  return <RecordCrumbContext.Provider value={{ label, setLabel }}>{children}</RecordCrumbContext.Provider>;
}

export function useRecordCrumb(): string | null {
  return useContext(RecordCrumbContext).label;
}

/** Rendered by a record page: its name replaces the record's id as the last crumb while the page is shown. */
export function RecordCrumb({ label }: { label: string }) {
  const { setLabel } = useContext(RecordCrumbContext);
  useEffect(() => {
    setLabel(label);
    return () => setLabel(null);
  }, [label, setLabel]);
  return null;
}

import { useEffect, useRef, useState } from 'react';

/** `value` as it was at most `everyMs` ago: for what changes many times a second but need not be followed as often. */
export function useSampled<T>(value: T, everyMs: number): T {
  const latest = useRef(value);
  const [sampled, setSampled] = useState(value);
  useEffect(() => {
    latest.current = value;
  }, [value]);
  useEffect(() => {
    const timer = setInterval(() => setSampled(latest.current), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return sampled;
}

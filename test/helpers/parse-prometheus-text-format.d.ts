// The parser ships no types: what it returns, as its README shows (values as text).
declare module 'parse-prometheus-text-format' {
  export interface ParsedSample {
    labels?: Record<string, string>;
    value?: string;
    count?: string;
    sum?: string;
    buckets?: Record<string, string>;
  }
  export interface ParsedFamily {
    name: string;
    help: string;
    type: string;
    metrics: ParsedSample[];
  }
  // eslint-disable-next-line no-restricted-syntax -- the package's own export is a default one
  export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}

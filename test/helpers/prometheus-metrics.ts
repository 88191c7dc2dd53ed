/**
 * A /metrics endpoint read as Prometheus reads it (parse-prometheus-text-format), with lookups of one
 * sample: a counter's or gauge's value, or a histogram's count, summed over the samples whose labels
 * match. The parser folds a labelled histogram's samples into one, dropping labels and count; so the
 * text is parsed a second time with histograms declared untyped, where `<name>_count` keeps its labels.
 */
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';

export class Scrape {
  readonly families: ParsedFamily[];
  private readonly samples: ParsedFamily[];

  constructor(text: string) {
    this.families = parsePrometheusTextFormat(text);
    this.samples = parsePrometheusTextFormat(text.replace(/^# TYPE (\S+) histogram$/gm, '# TYPE $1 untyped'));
  }

  /** The sum over the samples of `name` whose labels include `labels` (0 when none): value or count. */
  value(name: string, labels: Record<string, string> = {}): number {
    const family = this.families.find((f) => f.name === name);
    if (!family) throw new Error(`no metric ${name} in the scrape`);
    const sampled = family.type === 'HISTOGRAM' ? `${name}_count` : name;
    return this.samplesOf(sampled)
      .filter((sample) => Object.entries(labels).every(([k, v]) => sample.labels?.[k] === v))
      .reduce((sum, sample) => sum + Number(sample.value), 0);
  }

  /** The label sets of `name`'s samples. */
  labelsOf(name: string): Record<string, string>[] {
    return this.samplesOf(name).map((s) => s.labels ?? {});
  }

  private samplesOf(name: string) {
    return this.samples.filter((f) => f.name === name).flatMap((f) => f.metrics);
  }
}

export async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(`${url}/metrics`);
  if (response.status !== 200) throw new Error(`${url}/metrics answered ${response.status}`);
  return new Scrape(await response.text());
}

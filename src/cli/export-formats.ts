/** The formats of `gradebot export`, here so the command line can list them without loading it. */
export const EXPORT_FORMATS = ['table', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

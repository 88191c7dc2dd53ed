/**
 * The gradebook's columns for a student with neither an extension nor an override nor a staff
 * command, when no due date is known; the export's JSON adds each student's (empty) command log.
 */
export const UNACCOMMODATED = {
  due: null,
  extension_reason: null,
  override_score: null,
  override_reason: null,
  override_by: null,
  override_at: null,
  commands: null,
};

export const UNACCOMMODATED_EXPORT = { ...UNACCOMMODATED, command_log: [] };

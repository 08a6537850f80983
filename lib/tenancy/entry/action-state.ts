/** What a form's server action answers: field reasons and the user's input on failure. */
export type ActionState = {
  ok?: boolean;
  message?: string;
  code?: string;
  fields?: Record<string, string[]>;
  values?: Record<string, string>;
  data?: Record<string, unknown>;
};

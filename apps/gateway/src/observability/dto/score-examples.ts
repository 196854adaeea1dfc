/** Request bodies for POST /traces/{id}/scores (Swagger's example picker); "Try it out" sends the first. */
export const SCORE_EXAMPLES = {
  numeric: {
    summary: 'A user rating of the whole trace',
    value: { name: 'user-feedback', value: 0.9, dataType: 'NUMERIC', comment: "Signal matched the desk's view" },
  },
  boolean: {
    summary: 'A reviewer accepted the answer',
    value: { name: 'accepted', value: true, dataType: 'BOOLEAN' },
  },
  categorical: {
    summary: 'A label from a fixed set',
    value: { name: 'sentiment-check', value: 'correct', dataType: 'CATEGORICAL' },
  },
};

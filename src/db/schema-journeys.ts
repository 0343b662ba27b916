/** Tables of the journeys module (journeys, guided questions, life events, push rules, personal space). */
export {};

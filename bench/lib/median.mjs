/** The middle value (the upper one of an even count): the figure a bench reports over runs. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

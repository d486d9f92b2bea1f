// Calendar arithmetic on ISO dates (UTC, weekends off), for what the tests expect the app to do
// with dates: a day moved by keyboard or drag rolls on to a working day and keeps the working days
// of the span.

export const addDays = (iso, n) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

export const isWeekend = (iso) => [0, 6].includes(new Date(`${iso}T00:00:00Z`).getUTCDay());

/** A day moved `n` days, rolled on to a working day in the direction of the move (as the app does). */
export const dayMovedBy = (iso, n) => {
  let day = addDays(iso, n);
  while (isWeekend(day)) day = addDays(day, n < 0 ? -1 : 1);
  return day;
};

export const workingDays = (from, to) => {
  let count = 0;
  for (let day = from; day <= to; day = addDays(day, 1)) if (!isWeekend(day)) count += 1;
  return Math.max(count, 1);
};

export const addWorkingDays = (iso, n) => {
  let day = iso;
  for (let left = n; left > 0;) {
    day = addDays(day, 1);
    if (!isWeekend(day)) left -= 1;
  }
  return day;
};

/** A bar moved `n` days: its start rolled to a working day, its length in working days kept. */
export const spanMovedBy = ({ start, finish }, n) => {
  const moved = dayMovedBy(start, n);
  return { start: moved, finish: addWorkingDays(moved, workingDays(start, finish) - 1) };
};

/** GetSubject and ListSubjects. Subjects are created by CreateSession; the API only reads them. */
import { notFound } from '@anchorage/core/errors';
import { operation } from './context.ts';
import { type ListInput, listPage, nextTokenOf } from './pagination.ts';
import { subjectDetail, subjectSummary } from './render.ts';

export const getSubject = operation<{ readonly subjectId: string }>(async (input, ctx) => {
  const record = await ctx.store.subjects.get(input.subjectId);
  if (record === undefined) throw notFound('Subject not found');
  return { subject: subjectDetail(record) };
});

export const listSubjects = operation<ListInput>(async (input, ctx) => {
  const page = await listPage(input, (p) => ctx.store.subjects.list(p));
  return { subjects: page.items.map(subjectSummary), ...nextTokenOf(page) };
});

/* ast_dump.c: a plan's declarations as text without locations or
 * spellings (numbers by value), so that two texts of the same plan dump
 * the same: `amrc fmt --dump-ast`, which the fmt tests compare before and
 * after formatting to prove that formatting changed no declaration. */
#include "core.h"

static void dump_i128(Buf *b, i128 v) {
  char s[48];
  int n = 0;
  bool neg = v < 0;
  unsigned __int128 u = neg ? (unsigned __int128)0 - (unsigned __int128)v : (unsigned __int128)v;
  do {
    s[n++] = (char)('0' + (int)(u % 10));
    u /= 10;
  } while (u);
  if (neg)
    buf_putc(b, '-');
  while (n)
    buf_putc(b, s[--n]);
}

static void dump_str(Buf *b, const char *s) {
  if (s)
    buf_json_string(b, s);
  else
    buf_puts(b, "null");
}

/* A literal, through parentheses and signs: -(5) and -5 and € -5 are one
 * value; the formatter writes the printed spelling -€ 5 as -5. */
static bool literal(const Expr *e, i128 *v, bool *pct) {
  if (!e)
    return false;
  if (e->kind == EXPR_PAREN)
    return literal(e->lhs, v, pct);
  if (e->kind == EXPR_NUMBER) {
    *v = e->micros;
    *pct = e->is_percent;
    return true;
  }
  if (e->kind == EXPR_NEG && literal(e->lhs, v, pct)) {
    *v = -*v;
    return true;
  }
  return false;
}

static void dump_expr(Buf *b, const Expr *e) {
  if (!e) {
    buf_puts(b, "null");
    return;
  }
  while (e->kind == EXPR_PAREN && e->lhs)
    e = e->lhs;
  i128 v;
  bool pct;
  if (literal(e, &v, &pct)) {
    buf_puts(b, pct ? "pct(" : "num(");
    dump_i128(b, v);
    buf_putc(b, ')');
    return;
  }
  static const char *const names[] = {"num", "PM", "neg", "add", "sub", "mul", "div", "paren",
                                      "pct-of", "items", "indexed", "within", "share"};
  buf_printf(b, "%s(", e->kind <= EXPR_SHARE ? names[e->kind] : "?");
  switch (e->kind) {
  case EXPR_PERCENT_OF:
    dump_expr(b, e->lhs);
    buf_printf(b, " %s [", side_name(e->side));
    for (const LineRange *r = e->ranges; r; r = r->next)
      buf_printf(b, "%d..%d%s", r->first, r->last, r->next ? "," : "");
    buf_putc(b, ']');
    break;
  case EXPR_ITEMS:
    for (const Item *it = e->items; it; it = it->next) {
      dump_str(b, it->text);
      buf_putc(b, ' ');
      dump_expr(b, it->value);
      if (it->next)
        buf_putc(b, ' ');
    }
    break;
  case EXPR_INDEXED:
    dump_expr(b, e->lhs);
    buf_printf(b, " %s from %d", e->indexing->index_name ? e->indexing->index_name : "?",
               e->indexing->from_year);
    break;
  case EXPR_SHARE:
    dump_expr(b, e->lhs);
    buf_printf(b, " key %s for %s", e->share->key_name, e->share->member_name);
    break;
  case EXPR_NUMBER:  /* literal() took it */
  case EXPR_PM: break;
  case EXPR_NEG:
  case EXPR_ADD:
  case EXPR_SUB:
  case EXPR_MUL:
  case EXPR_DIV:
  case EXPR_PAREN:
  case EXPR_WITHIN:
    if (e->lhs)
      dump_expr(b, e->lhs);
    if (e->rhs) {
      buf_putc(b, ' ');
      dump_expr(b, e->rhs);
    }
  }
  buf_putc(b, ')');
}

static void dump_ref(Buf *b, Ref r) { buf_printf(b, "%s.%d", r.name ? r.name : "-", r.line); }

static void dump_amounts(Buf *b, const YearAmount *ya) {
  for (; ya; ya = ya->next) {
    buf_printf(b, " %d..%d:", ya->y0, ya->y1);
    dump_expr(b, ya->value);
  }
}

static void dump_accepts(Buf *b, const char *ind, const Accept *ac) {
  for (; ac; ac = ac->next) {
    buf_printf(b, "%saccept %s %d..%d ", ind, ac->name ? ac->name : "?", ac->years.y0,
               ac->years.y1);
    dump_str(b, ac->reason);
    buf_putc(b, '\n');
  }
}

static void dump_rules(Buf *b, const Rules *r) {
  buf_printf(b, " rules(earmarked=%d repay=%d settlement=%d class=%d)", r->earmarked,
             r->repay_unspent, r->after_settlement, (int)r->money_class);
}

static void dump_codes(Buf *b, const char *what, const CodeRange *r) {
  if (!r)
    return;
  buf_printf(b, " %s", what);
  for (; r; r = r->next) {
    buf_putc(b, ' ');
    dump_str(b, r->lo);
    buf_puts(b, "..");
    dump_str(b, r->hi);
  }
}

static void dump_books(Buf *b, const char *ind, const Books *bk) {
  for (; bk; bk = bk->next) {
    buf_printf(b, "%sbooks %d", ind, bk->side);
    dump_codes(b, "kostenplaats", bk->kostenplaats);
    dump_codes(b, "kostensoort", bk->kostensoort);
    buf_putc(b, '\n');
  }
}

static void dump_line(Buf *b, const Line *l) {
  buf_printf(b, "  line %d ", l->nr);
  dump_str(b, l->category);
  buf_puts(b, " group ");
  dump_str(b, l->group);
  buf_printf(b, " class %d taakveld ", (int)l->money_class);
  dump_str(b, line_taakveld(l));
  if (line_is_mutation(l))
    buf_printf(b, " reserve %s", l->extra->account_ref.name);
  buf_puts(b, "\n");
  for (int s = 0; s < 2; s++)
    for (const Cell *c = l->cells[s]; c; c = c->next) {
      buf_printf(b, "    %s %d..%d: ", side_name((Side)s), c->y0, c->y1);
      Expr scratch;
      const Expr *amount = cell_amount_node(l, c, &scratch), *rule = cell_rule(c);
      dump_expr(b, rule ? rule : amount);
      if (rule) {
        buf_puts(b, " stated ");
        dump_expr(b, amount);
      }
      buf_putc(b, '\n');
    }
  if (l->source_ref) {
    buf_puts(b, "    source ");
    dump_ref(b, *l->source_ref);
    buf_putc(b, '\n');
  }
  if (l->paid_by) {
    buf_puts(b, "    paid by ");
    dump_ref(b, *l->paid_by);
    buf_putc(b, '\n');
  }
  if (line_outside(l)) {
    buf_puts(b, "    paid outside ");
    dump_str(b, line_outside(l)->who);
    dump_amounts(b, line_outside(l)->amounts);
    buf_putc(b, '\n');
  }
  for (const RuleDecl *r = line_rules(l); r; r = r->next) {
    buf_printf(b, "    rule %s %d..%d %d ", side_name(r->side), r->years.y0, r->years.y1,
               (int)r->compare);
    dump_expr(b, r->expr);
    buf_puts(b, " within ");
    dump_expr(b, r->tolerance);
    buf_putc(b, '\n');
  }
  dump_accepts(b, "    ", line_accepts(l));
  dump_books(b, "    ", line_books(l));
  if (line_spends(l))
    buf_printf(b, "    spends %d %d-%d\n", (int)line_spends(l)->kind, line_spends(l)->day,
               line_spends(l)->month);
  buf_puts(b, "    note ");
  dump_str(b, l->note);
  buf_putc(b, '\n');
}

void ast_dump(const Decl *d, Buf *b) {
  for (; d; d = d->next) {
    switch (d->kind) {
    case DECL_IMPORT:
      buf_puts(b, "import ");
      dump_str(b, d->u.import.path);
      buf_putc(b, '\n');
      break;
    case DECL_PLAN: {
      const PlanDecl *p = d->u.plan;
      buf_printf(b, "plan %s ", p->id ? p->id : "?");
      dump_str(b, p->title);
      buf_printf(b, " years %d..%d (%d) currency ", p->years.y0, p->years.y1, p->has_years);
      dump_str(b, p->currency);
      buf_puts(b, " note ");
      dump_str(b, p->note);
      buf_printf(b, " unit %lld balance %d sign %d%d%d summary ", (long long)p->unit,
                 (int)p->balance, p->negative[0], p->negative[1], p->negative[2]);
      dump_str(b, p->summary_title[SUMMARY_PROGRAMMES]);
      buf_putc(b, ' ');
      dump_str(b, p->summary_title[SUMMARY_PROJECTS]);
      for (const ColumnDecl *col = p->columns; col; col = col->next) {
        buf_printf(b, " column %d %d ", col->year, (int)col->kind);
        dump_str(b, col->title);
      }
      buf_putc(b, '\n');
      break;
    }
    case DECL_PROGRAMME:
      buf_printf(b, "programme %s ", d->u.programme->id ? d->u.programme->id : "?");
      dump_str(b, d->u.programme->title);
      buf_putc(b, '\n');
      break;
    case DECL_KEY: {
      const KeyDecl *k = d->u.key;
      buf_printf(b, "key %s ", k->id);
      dump_str(b, k->title);
      for (const KeyMember *m = k->members; m; m = m->next) {
        buf_printf(b, " %s %s", m->id, m->percent ? "pct" : "num");
        dump_i128(b, m->weight);
      }
      buf_printf(b, " residue %s round ", k->residue ? k->residue : "-");
      dump_expr(b, k->step);
      buf_putc(b, '\n');
      break;
    }
    case DECL_TAAKVELD:
      buf_printf(b, "taakveld %s ", d->u.taakveld->code);
      dump_str(b, d->u.taakveld->name);
      buf_putc(b, '\n');
      break;
    case DECL_INDEX: {
      const IndexDecl *x = d->u.index;
      buf_printf(b, "index %s ", x->id ? x->id : "?");
      dump_str(b, x->title);
      buf_puts(b, " rate ");
      dump_expr(b, x->rate);
      buf_printf(b, " base %d step ", x->base_year);
      dump_expr(b, x->step);
      buf_printf(b, " rounding %d\n", x->rounding);
      break;
    }
    case DECL_KIND: {
      const KindDecl *k = d->u.kind_decl;
      buf_printf(b, "kind %s ", k->id ? k->id : "?");
      dump_str(b, k->title);
      dump_rules(b, &k->rules);
      buf_puts(b, " note ");
      dump_str(b, k->note);
      buf_putc(b, '\n');
      break;
    }
    case DECL_SOURCE: {
      const Source *s = d->u.source;
      buf_printf(b, "source %s ", s->id ? s->id : "?");
      dump_str(b, s->title);
      buf_puts(b, " kind ");
      if (s->has_kind)
        dump_ref(b, s->kind_ref);
      buf_printf(b, " status %d", (int)s->status);
      dump_rules(b, &s->rules);
      buf_puts(b, " for");
      for (const RefList *r = s->earmarked_for; r; r = r->next) {
        buf_putc(b, ' ');
        dump_ref(b, r->ref);
      }
      buf_puts(b, " note ");
      dump_str(b, s->note);
      buf_putc(b, '\n');
      dump_accepts(b, "  ", s->accepts);
      break;
    }
    case DECL_TRANSFER: {
      const Transfer *t = d->u.transfer;
      buf_puts(b, "transfer ");
      dump_ref(b, t->from);
      buf_puts(b, " to ");
      dump_ref(b, t->to);
      dump_amounts(b, t->amounts);
      buf_putc(b, '\n');
      break;
    }
    case DECL_EXPECT: {
      const Expect *e = d->u.expect;
      buf_printf(b, "expect %d ", (int)e->subject);
      dump_ref(b, e->ref);
      buf_puts(b, " within ");
      dump_expr(b, e->tolerance);
      buf_putc(b, '\n');
      for (const ExpectRow *r = e->rows; r; r = r->next) {
        buf_printf(b, "  measure %d", (int)r->measure);
        dump_amounts(b, r->amounts);
        buf_putc(b, '\n');
      }
      dump_accepts(b, "  ", e->accepts);
      break;
    }
    case DECL_ACCOUNT: {
      const Account *acc = d->u.account;
      buf_printf(b, "reserve %s ", acc->id ? acc->id : "?");
      dump_str(b, acc->title);
      buf_puts(b, " opening ");
      dump_expr(b, acc->opening);
      buf_putc(b, '\n');
      break;
    }
    case DECL_VERLOOP: {
      const Verloop *v = d->u.verloop;
      buf_puts(b, "verloop ");
      dump_str(b, v->title);
      buf_puts(b, " within ");
      dump_expr(b, v->tolerance);
      buf_putc(b, '\n');
      for (const VerloopRow *r = v->rows; r; r = r->next) {
        buf_printf(b, "  row %d ", (int)r->kind);
        dump_str(b, r->title);
        dump_amounts(b, r->amounts);
        buf_putc(b, '\n');
      }
      break;
    }
    case DECL_PROJECT: {
      const Project *p = d->u.project;
      buf_printf(b, "project %s ", p->id ? p->id : "?");
      dump_str(b, p->title);
      buf_puts(b, " section ");
      dump_str(b, p->section);
      buf_puts(b, " programme ");
      if (p->has_programme)
        dump_ref(b, p->programme_ref);
      buf_puts(b, " opening ");
      dump_expr(b, p->opening_expr);
      if (p->has_opening_source) {
        buf_puts(b, " source ");
        dump_ref(b, p->opening_source_ref);
      }
      if (p->balance)
        buf_printf(b, " balance %d", (int)p->balance);
      buf_putc(b, '\n');
      for (int k = 0; k < p->ncontacts; k++) {
        buf_puts(b, "  contact ");
        dump_str(b, p->contacts[k]);
        buf_putc(b, '\n');
      }
      for (const Reserve *r = p->reserves; r; r = r->next) {
        buf_printf(b, "  reserve %s ", r->name ? r->name : "?");
        dump_str(b, r->title);
        dump_amounts(b, r->amounts);
        buf_putc(b, '\n');
      }
      for (const Prefinance *r = p->prefinances; r; r = r->next) {
        buf_printf(b, "  prefinance %d..%d ", r->years.y0, r->years.y1);
        dump_str(b, r->reason);
        buf_putc(b, '\n');
      }
      dump_accepts(b, "  ", p->accepts);
      dump_books(b, "  ", p->books);
      buf_puts(b, "  note ");
      dump_str(b, p->note);
      buf_putc(b, '\n');
      for (const Line *l = p->lines; l; l = l->next)
        dump_line(b, l);
      break;
    }
    }
  }
}

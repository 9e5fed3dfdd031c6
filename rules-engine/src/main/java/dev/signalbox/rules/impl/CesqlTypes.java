package dev.signalbox.rules.impl;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.sql.EvaluationException;
import io.cloudevents.sql.EvaluationRuntime;
import io.cloudevents.sql.Function;
import io.cloudevents.sql.Result;
import io.cloudevents.sql.Type;
import io.cloudevents.sql.generated.CESQLParserBaseVisitor;
import io.cloudevents.sql.generated.CESQLParserParser;
import io.cloudevents.sql.impl.ExpressionInternal;
import io.cloudevents.sql.impl.expressions.ValueExpression;
import io.cloudevents.sql.impl.runtime.ExpressionImpl;
import io.cloudevents.sql.impl.runtime.TypeCastingProvider;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * The problems of a CloudEvents SQL filter that can be known before any event arrives: functions
 * the runtime does not have or calls with the wrong number of arguments, constants that can never
 * be cast to the type an operator or a function takes, constant parts that always fail (a
 * division by zero), and a result that is an Integer or a String, which per CESQL v1 §1.2 never
 * passes a filter (it is not cast to Boolean).
 *
 * <p>Stateless entry point; each check walks the ANTLR parse tree that {@link CesqlTranslator}
 * built for the filter's expression, so the text is parsed once per rule and the checks see
 * exactly what is evaluated (the grammar, the function table and the casting rules are the
 * library's; only the walk is here), and evaluates constant parts with the library's translator
 * and evaluator. Those are public classes of the library's {@code impl} packages, tied to the
 * pinned 4.0.1: CesqlFilterTest fails if an upgrade changes them. The walk costs about what the
 * library's translation costs (its translator reads each part's text, so a 4 KiB chain {@code 1 +
 * 1 + ... + 1} takes a few hundred milliseconds in either). An attribute's type is unknown until
 * an event arrives: the SDK hands extensions over with their own type (a JSON {@code true} stays
 * a Boolean), so an attribute alone is accepted as a filter and any cast of an attribute may
 * succeed. Called once per rule creation, never per event.
 */
public final class CesqlTypes {
    // Constant parts read no attribute, so any event evaluates them the same way.
    private static final CloudEvent PROBE = CloudEventBuilder.v1()
            .withId("probe")
            .withSource(URI.create("/signalbox/probe"))
            .withType("signalbox.probe")
            .build();
    private static final int MAX_ARITY_SHOWN = 8;
    /**
     * The deepest nesting accepted. The walk below, the library's translator and its evaluator
     * (per event, on the router's thread) all recurse once per level; at about 1,000 levels a
     * cold thread's default stack overflowed in the walk. 256 keeps every one of them far from
     * it, and is more than any filter written by hand needs.
     */
    static final int MAX_DEPTH = 256;

    private CesqlTypes() {}

    /**
     * Every statically known problem, each as "line L, column C: ...", in source order.
     *
     * @param expression the text {@code tree} was parsed from (problems quote parts of it)
     * @param tree the tree {@link CesqlTranslator#parse} built without a syntax error; walked, not
     *     changed
     */
    public static List<String> problems(String expression, CESQLParserParser.CesqlContext tree) {
        CESQLParserParser.ExpressionContext root = tree.expression();
        int depth = depth(root);
        if (depth > MAX_DEPTH) {
            return List.of("line 1, column 1: the expression is nested " + depth + " levels deep, more than the "
                    + MAX_DEPTH + " accepted (a long list of alternatives reads better as x IN (a, b, ...))");
        }
        Walk walk = new Walk(expression);
        Shape result = walk.visit(root);
        if (walk.problems.isEmpty() && (result.type() == Type.INTEGER || result.type() == Type.STRING)) {
            walk.problems.add(Walk.at(root)
                    + "the result is "
                    + article(result.type())
                    + ", never a Boolean: CESQL v1 (section 1.2) passes an event only when a filter's"
                    + " result is the Boolean TRUE and does not cast other results; compare the value"
                    + " instead, e.g. "
                    + walk.text(root)
                    + " = ...");
        }
        return List.copyOf(walk.problems);
    }

    // Counted without recursion, so that the count itself cannot overflow the stack.
    private static int depth(ParseTree root) {
        Deque<ParseTree> nodes = new ArrayDeque<>(List.of(root));
        Deque<Integer> depths = new ArrayDeque<>(List.of(1));
        int deepest = 0;
        while (!nodes.isEmpty()) {
            ParseTree node = nodes.pop();
            int depth = depths.pop();
            deepest = Math.max(deepest, depth);
            for (int i = 0; i < node.getChildCount(); i++) {
                ParseTree child = node.getChild(i);
                nodes.push(child);
                depths.push(child instanceof CESQLParserParser.ExpressionContext ? depth + 1 : depth);
            }
        }
        return deepest;
    }

    /** A part's static type ({@link Type#ANY} when only an event can tell) and constant value. */
    private record Shape(Type type, Optional<Object> constant) {
        static Shape of(Type type) {
            return new Shape(type, Optional.empty());
        }
    }

    private static final class Walk extends CESQLParserBaseVisitor<Shape> {
        private final String source;
        private final List<String> problems = new ArrayList<>();
        private final Map<ParseTree, Object> constants = new IdentityHashMap<>();

        Walk(String source) {
            this.source = source;
        }

        @Override
        public Shape visitAtomExpression(CESQLParserParser.AtomExpressionContext ctx) {
            return ctx.atom() instanceof CESQLParserParser.IdentifierAtomContext ? Shape.of(Type.ANY) : constant(ctx);
        }

        @Override
        public Shape visitSubExpression(CESQLParserParser.SubExpressionContext ctx) {
            return visit(ctx.expression());
        }

        @Override
        public Shape visitExistsExpression(CESQLParserParser.ExistsExpressionContext ctx) {
            return Shape.of(Type.BOOLEAN);
        }

        @Override
        public Shape visitUnaryLogicExpression(CESQLParserParser.UnaryLogicExpressionContext ctx) {
            return operator(ctx, Type.BOOLEAN, List.of(expect(ctx.expression(), Type.BOOLEAN)));
        }

        @Override
        public Shape visitUnaryNumericExpression(CESQLParserParser.UnaryNumericExpressionContext ctx) {
            return operator(ctx, Type.INTEGER, List.of(expect(ctx.expression(), Type.INTEGER)));
        }

        @Override
        public Shape visitLikeExpression(CESQLParserParser.LikeExpressionContext ctx) {
            return operator(ctx, Type.BOOLEAN, List.of(expect(ctx.expression(), Type.STRING)));
        }

        @Override
        public Shape visitInExpression(CESQLParserParser.InExpressionContext ctx) {
            // The set's elements are cast to the left operand's type (CESQL v1 §3.4.5).
            Shape left = visit(ctx.expression());
            List<Shape> parts = new ArrayList<>(List.of(left));
            ctx.setExpression().expression().forEach(element -> parts.add(expect(element, left.type())));
            return operator(ctx, Type.BOOLEAN, parts);
        }

        @Override
        public Shape visitBinaryMultiplicativeExpression(CESQLParserParser.BinaryMultiplicativeExpressionContext ctx) {
            return binary(ctx, ctx.expression(0), ctx.expression(1), Type.INTEGER, Type.INTEGER);
        }

        @Override
        public Shape visitBinaryAdditiveExpression(CESQLParserParser.BinaryAdditiveExpressionContext ctx) {
            return binary(ctx, ctx.expression(0), ctx.expression(1), Type.INTEGER, Type.INTEGER);
        }

        @Override
        public Shape visitBinaryLogicExpression(CESQLParserParser.BinaryLogicExpressionContext ctx) {
            return binary(ctx, ctx.expression(0), ctx.expression(1), Type.BOOLEAN, Type.BOOLEAN);
        }

        @Override
        public Shape visitBinaryComparisonExpression(CESQLParserParser.BinaryComparisonExpressionContext ctx) {
            if (ctx.EQUAL() == null && ctx.NOT_EQUAL() == null && ctx.LESS_GREATER() == null) {
                return binary(ctx, ctx.expression(0), ctx.expression(1), Type.INTEGER, Type.BOOLEAN);
            }
            // = and != are ambiguous: the left operand is cast to the right one's type (§3.7).
            Shape right = visit(ctx.expression(1));
            Shape left = expect(ctx.expression(0), right.type());
            return operator(ctx, Type.BOOLEAN, List.of(left, right));
        }

        @Override
        public Shape visitFunctionInvocationExpression(CESQLParserParser.FunctionInvocationExpressionContext ctx) {
            String name = ctx.functionIdentifier().getText().toUpperCase(Locale.ROOT);
            List<CESQLParserParser.ExpressionContext> arguments =
                    ctx.functionParameterList().expression();
            Optional<Function> function = resolve(name, arguments.size());
            if (function.isEmpty()) {
                arguments.forEach(this::visit);
                problems.add(at(ctx) + dispatchProblem(name, arguments.size()));
                return Shape.of(Type.ANY);
            }
            List<Shape> parts = new ArrayList<>();
            for (int i = 0; i < arguments.size(); i++) {
                parts.add(expect(arguments.get(i), function.get().typeOfParameter(i)));
            }
            return operator(ctx, function.get().returnType(), parts);
        }

        private Shape binary(
                ParserRuleContext ctx,
                CESQLParserParser.ExpressionContext left,
                CESQLParserParser.ExpressionContext right,
                Type operands,
                Type result) {
            return operator(ctx, result, List.of(expect(left, operands), expect(right, operands)));
        }

        /** Visits an operand and reports a constant that can never be cast to what it is given to. */
        private Shape expect(CESQLParserParser.ExpressionContext operand, Type target) {
            Shape shape = visit(operand);
            if (target != Type.ANY
                    && shape.constant().isPresent()
                    && !TypeCastingProvider.canCast(shape.constant().get(), target)) {
                problems.add(at(operand)
                        + text(operand)
                        + " is "
                        + article(shape.type())
                        + " that cannot be cast to "
                        + target.name().charAt(0)
                        + target.name().substring(1).toLowerCase(Locale.ROOT));
                return Shape.of(shape.type());
            }
            return shape;
        }

        /** An operator's shape: constant (and evaluated now) when all its operands are. */
        private Shape operator(ParserRuleContext ctx, Type type, List<Shape> operands) {
            boolean constant = operands.stream().allMatch(s -> s.constant().isPresent());
            return constant ? constant(ctx) : Shape.of(type);
        }

        private Shape constant(ParserRuleContext ctx) {
            ExpressionInternal folded = new Folding(constants).visit(ctx);
            Result result = new ExpressionImpl(folded).evaluate(EvaluationRuntime.getDefault(), PROBE);
            if (result.isFailed()) {
                EvaluationException first = result.causes().iterator().next();
                problems.add(at(ctx) + text(ctx) + " always fails (" + first.getKind() + "): " + first.getMessage());
                return Shape.of(result.value() == null ? Type.ANY : Type.fromValue(result.value()));
            }
            constants.put(ctx, result.value());
            return new Shape(Type.fromValue(result.value()), Optional.of(result.value()));
        }

        private String text(ParserRuleContext ctx) {
            return source.substring(ctx.start.getStartIndex(), ctx.stop.getStopIndex() + 1);
        }

        private static String at(ParserRuleContext ctx) {
            return "line " + ctx.start.getLine() + ", column " + (ctx.start.getCharPositionInLine() + 1) + ": ";
        }
    }

    /**
     * cloudevents-sql's own translation of a part of the tree, with the parts already evaluated
     * put in as their values, so each constant part is evaluated once whatever its depth
     * (re-parsing every constant part's text made a 4 KiB {@code 1 + 1 + ... + 1} take about a
     * minute). LIKE is {@link CesqlLike}: a constant {@code '...' LIKE '%a%a%b'} must not
     * backtrack here either.
     */
    private static final class Folding extends CesqlTranslator {
        private final Map<ParseTree, Object> constants;

        Folding(Map<ParseTree, Object> constants) {
            this.constants = constants;
        }

        @Override
        public ExpressionInternal visit(ParseTree tree) {
            Object value = constants.get(tree);
            if (value != null && tree instanceof ParserRuleContext part) {
                // The value's text, not part.getText(): that walks the whole part again.
                return new ValueExpression(part.getSourceInterval(), String.valueOf(value), value);
            }
            return super.visit(tree);
        }
    }

    private static Optional<Function> resolve(String name, int arguments) {
        try {
            return Optional.of(EvaluationRuntime.getDefault().resolveFunction(name, arguments));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static String dispatchProblem(String name, int arguments) {
        List<Integer> arities = IntStream.rangeClosed(0, MAX_ARITY_SHOWN)
                .filter(n -> resolve(name, n).isPresent())
                .boxed()
                .toList();
        if (arities.isEmpty()) {
            return "there is no function " + name + " (CESQL v1 has ABS, INT, BOOL, STRING, IS_INT,"
                    + " IS_BOOL, LENGTH, CONCAT, CONCAT_WS, LOWER, UPPER, TRIM, LEFT, RIGHT, SUBSTRING)";
        }
        Function widest = resolve(name, arities.get(arities.size() - 1)).orElseThrow();
        String takes = widest.isVariadic()
                ? "at least " + arities.get(0)
                : String.join(" or ", arities.stream().map(String::valueOf).toList());
        return name + " takes " + takes + " argument(s), not " + arguments;
    }

    private static String article(Type type) {
        return switch (type) {
            case INTEGER -> "an Integer";
            case STRING -> "a String";
            case BOOLEAN -> "a Boolean";
            case ANY -> "a value";
        };
    }
}

package org.replaytcp.util;

import java.util.List;
import java.util.Set;

/** Rows of cells printed in aligned columns, two spaces apart; the chosen columns right-aligned (numbers). */
public final class TextTable {

    private TextTable() {}

    /**
     * @param rows         the heading row first, then the data rows; all of the same length
     * @param rightAligned indices of the columns to align right
     */
    public static String format(List<String[]> rows, Set<Integer> rightAligned) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(widths[i] - row[i].length());
                line.append(i == 0 ? "" : "  ").append(rightAligned.contains(i) ? pad + row[i] : row[i] + pad);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}

credcatSearchData("terms/7265.json", {
  "replaced": [
    3,
    4
  ],
  "retired": [
    3,
    10
  ]
}
);

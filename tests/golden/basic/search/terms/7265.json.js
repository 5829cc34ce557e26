credcatSearchData("terms/7265.json", {
  "real": [
    1,
    1
  ],
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
